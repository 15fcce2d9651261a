using System;
using System.Collections.Generic;
using System.Globalization;
using Cin.Generators.Model;

namespace Cin.Generators.Parsing;

/// <summary>A layer as written in model.txt, before checks against its neighbours.</summary>
internal sealed record LayerLine(
    SourceLine Line, string Name, bool IsResidual, int Kernel, int Stride, int In, int Out, string Activation, int Upsample);

internal sealed class Topology
{
    public string? Name;
    public SourceLine NameLine;
    public string Title = "";
    public string Licence = "";
    public string Source = "";
    public int? StyleCount;
    public SourceLine StylesLine;
    public int? WeightCount;
    public string? WeightsSha256;
    public SourceLine WeightsLine;
    public readonly List<LayerLine> Layers = new();
}

/// <summary>Reads model.txt statement by statement (format described in styles/README.md).</summary>
internal static class TopologyParser
{
    public static Topology Parse(ModelFile file, DiagnosticBag diagnostics)
    {
        var topology = new Topology();
        bool sawFormat = false;
        foreach (SourceLine line in LineReader.Lines(file.Text))
        {
            string text = line.Text.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            string[] words = text.Split(' ');
            string keyword = words[0];
            if (!sawFormat)
            {
                if (keyword != "format" || words.Length != 3 || words[1] != "cin-model")
                {
                    diagnostics.Add(Diagnostics.Format, file, line, $"the first statement must be 'format cin-model 1' (or 'format cin-features 1' for a feature network), not '{text}'");
                    return topology;
                }
                if (words[2] != "1")
                {
                    diagnostics.Add(Diagnostics.Format, file, line, $"model format version {words[2]} is not supported (this generator reads version 1)");
                    return topology;
                }
                sawFormat = true;
                continue;
            }
            string rest = text.Length > keyword.Length ? text.Substring(keyword.Length + 1) : "";
            switch (keyword)
            {
                case "name":
                    topology.Name = rest;
                    topology.NameLine = line;
                    break;
                case "title": topology.Title = rest; break;
                case "licence": topology.Licence = rest; break;
                case "source": topology.Source = rest; break;
                case "styles":
                    if (int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int styles) && styles > 0)
                    {
                        topology.StyleCount = styles;
                        topology.StylesLine = line;
                    }
                    else
                    {
                        diagnostics.Add(Diagnostics.Syntax, file, line, $"'styles' takes a positive count, not '{rest}'");
                    }
                    break;
                case "weights": ParseWeights(file, line, words, topology, diagnostics); break;
                case "conv":
                case "residual":
                    var layer = ParseLayer(file, line, words, diagnostics);
                    if (layer != null) topology.Layers.Add(layer);
                    break;
                default:
                    diagnostics.Add(Diagnostics.Syntax, file, line, $"unknown statement '{keyword}'");
                    break;
            }
        }
        if (!sawFormat)
            diagnostics.Add(Diagnostics.Format, file, "the file is empty; it must start with 'format cin-model 1'");
        return topology;
    }

    private static void ParseWeights(ModelFile file, SourceLine line, string[] words, Topology topology, DiagnosticBag diagnostics)
    {
        // weights FILE float32 count=N sha256=H
        var pairs = Pairs(file, line, words, 3, diagnostics);
        if (words.Length < 5 || words[1] != "weights.bin" || words[2] != "float32" || pairs == null
            || !pairs.TryGetValue("count", out string? count) || !pairs.TryGetValue("sha256", out string? sha)
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || !IsSha256(sha))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line,
                "expected 'weights weights.bin float32 count=N sha256=<64 hex digits>'");
            return;
        }
        topology.WeightCount = n;
        topology.WeightsSha256 = sha.ToLowerInvariant();
        topology.WeightsLine = line;
    }

    private static LayerLine? ParseLayer(ModelFile file, SourceLine line, string[] words, DiagnosticBag diagnostics)
    {
        bool residual = words[0] == "residual";
        if (words.Length < 2 || words[1].Contains("="))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, $"'{words[0]}' needs a layer name");
            return null;
        }
        if (!Naming.IsLayerName(words[1]))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line,
                $"layer name '{words[1]}' may hold only lower-case letters, digits, '/', '_' and '-', and needs a letter or digit");
            return null;
        }
        var pairs = Pairs(file, line, words, 2, diagnostics);
        if (pairs == null) return null;
        string[] allowed = residual
            ? new[] { "kernel", "channels" }
            : new[] { "kernel", "stride", "in", "out", "act", "upsample" };
        foreach (string key in pairs.Keys)
        {
            if (System.Array.IndexOf(allowed, key) < 0)
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, $"unknown key '{key}' for '{words[0]}' (allowed: {string.Join(", ", allowed)})");
                return null;
            }
        }
        int? Int(string key, int? fallback)
        {
            if (!pairs.TryGetValue(key, out string? value)) return fallback;
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
        }
        int? kernel = Int("kernel", null);
        if (residual)
        {
            int? channels = Int("channels", null);
            if (kernel == null || channels == null)
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, "'residual' needs whole numbers for kernel= and channels=");
                return null;
            }
            return new LayerLine(line, words[1], true, kernel.Value, 1, channels.Value, channels.Value, "relu", 1);
        }
        int? stride = Int("stride", 1), inChannels = Int("in", null), outChannels = Int("out", null), upsample = Int("upsample", 1);
        if (kernel == null || stride == null || inChannels == null || outChannels == null || upsample == null || !pairs.ContainsKey("act"))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, "'conv' needs whole numbers for kernel=, in=, out= (stride= and upsample= are optional) and an act=");
            return null;
        }
        return new LayerLine(line, words[1], false, kernel.Value, stride.Value, inChannels.Value, outChannels.Value, pairs["act"], upsample.Value);
    }

    private static Dictionary<string, string>? Pairs(ModelFile file, SourceLine line, string[] words, int first, DiagnosticBag diagnostics)
    {
        var pairs = new Dictionary<string, string>();
        for (int i = first; i < words.Length; i++)
        {
            int eq = words[i].IndexOf('=');
            if (eq <= 0 || eq == words[i].Length - 1)
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, $"expected key=value, not '{words[i]}'");
                return null;
            }
            string key = words[i].Substring(0, eq);
            if (pairs.ContainsKey(key))
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, $"'{key}' is given twice");
                return null;
            }
            pairs[key] = words[i].Substring(eq + 1);
        }
        return pairs;
    }

    private static bool IsSha256(string value)
    {
        if (value.Length != 64) return false;
        foreach (char c in value)
            if (!Uri.IsHexDigit(c)) return false;
        return true;
    }
}
