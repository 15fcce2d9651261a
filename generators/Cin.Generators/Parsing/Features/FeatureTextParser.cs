using System;
using System.Collections.Generic;
using System.Globalization;
using Cin.Generators.Model;
using Cin.Generators.Model.Features;

namespace Cin.Generators.Parsing.Features;

/// <summary>
/// Reads a cin-features model.txt statement by statement. Each malformed line is CIN0001 (a wrong first statement or
/// version CIN0002), reported at the line, and the reading goes on so one build shows every such line.
/// </summary>
internal static class FeatureTextParser
{
    public const string Bgr255 = "bgr255";
    private static readonly string[] Storages = { "float32", "float16" };

    public static FeatureText Parse(ModelFile file, DiagnosticBag diagnostics)
    {
        var text = new FeatureText();
        bool sawFormat = false;
        foreach (SourceLine line in LineReader.Lines(file.Text))
        {
            string trimmed = line.Text.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            string[] words = trimmed.Split(' ');
            string keyword = words[0];
            if (!sawFormat)
            {
                // ModelFormats sent this folder here because its first statement is 'format cin-features N'.
                if (words.Length != 3 || words[0] != "format" || words[1] != ModelFormats.FeaturesKeyword || words[2] != "1")
                {
                    diagnostics.Add(Diagnostics.Format, file, line,
                        $"feature network format '{trimmed}' is not supported (this generator reads 'format cin-features 1')");
                    return text;
                }
                sawFormat = true;
                continue;
            }
            string rest = trimmed.Length > keyword.Length ? trimmed.Substring(keyword.Length + 1) : "";
            switch (keyword)
            {
                case "name":
                    text.Name = rest;
                    text.NameLine = line;
                    break;
                case "title": text.Title = rest; break;
                case "licence": text.Licence = rest; break;
                case "source": text.Source = rest; break;
                case "input": ParseInput(file, line, words, text, diagnostics); break;
                case "weights": ParseWeights(file, line, words, text, diagnostics); break;
                case "conv":
                case "maxpool":
                case "block":
                case "tap":
                    var layer = ParseLayer(file, line, words, diagnostics);
                    if (layer != null) text.Layers.Add(layer);
                    break;
                case "styles":
                    diagnostics.Add(Diagnostics.Syntax, file, line, "a feature network has no styles; 'styles' belongs to 'format cin-model 1'");
                    break;
                default:
                    diagnostics.Add(Diagnostics.Syntax, file, line,
                        $"unknown statement '{keyword}' (a feature network takes name, title, licence, source, input, weights, conv, maxpool, block and tap)");
                    break;
            }
        }
        if (!sawFormat)
            diagnostics.Add(Diagnostics.Format, file, "the file is empty; it must start with 'format cin-features 1'");
        return text;
    }

    private static void ParseInput(ModelFile file, SourceLine line, string[] words, FeatureText text, DiagnosticBag diagnostics)
    {
        // input bgr255 mean=B,G,R
        var pairs = Pairs(file, line, words, 2, diagnostics);
        if (pairs == null) return;
        if (words.Length < 2 || words[1].Contains("="))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, "expected 'input bgr255 mean=B,G,R'");
            return;
        }
        if (words[1] != Bgr255)
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, $"input encoding '{words[1]}' is not supported (the only one is {Bgr255})");
            return;
        }
        if (!Only(file, line, pairs, diagnostics, "mean")) return;
        string[] parts = pairs.TryGetValue("mean", out string? means) ? means.Split(',') : new string[0];
        var mean = new float[parts.Length];
        bool sound = parts.Length == 3;
        for (int i = 0; i < parts.Length && sound; i++)
            sound = float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out mean[i]) && !float.IsNaN(mean[i]) && !float.IsInfinity(mean[i]);
        if (!sound)
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, "'input bgr255' needs mean=B,G,R: three finite numbers, blue first");
            return;
        }
        text.InputEncoding = words[1];
        text.InputMean = mean;
    }

    private static void ParseWeights(ModelFile file, SourceLine line, string[] words, FeatureText text, DiagnosticBag diagnostics)
    {
        // weights weights.bin TYPE count=N sha256=H
        var pairs = words.Length >= 3 ? Pairs(file, line, words, 3, diagnostics) : null;
        if (words.Length < 5 || words[1] != "weights.bin" || Array.IndexOf(Storages, words[2]) < 0 || pairs == null
            || !pairs.TryGetValue("count", out string? count) || !pairs.TryGetValue("sha256", out string? sha) || pairs.Count != 2
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || !IsSha256(sha))
        {
            if (pairs != null || words.Length < 3)
                diagnostics.Add(Diagnostics.Syntax, file, line, "expected 'weights weights.bin float32|float16 count=N sha256=<64 hex digits>'");
            return;
        }
        text.Storage = words[2];
        text.WeightCount = n;
        text.WeightsSha256 = sha.ToLowerInvariant();
        text.WeightsLine = line;
    }

    private static FeatureLine? ParseLayer(ModelFile file, SourceLine line, string[] words, DiagnosticBag diagnostics)
    {
        string keyword = words[0];
        if (words.Length < 2 || words[1].Contains("="))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, $"'{keyword}' needs a name");
            return null;
        }
        string name = words[1];
        if (!Naming.IsLayerName(name))
        {
            diagnostics.Add(Diagnostics.Syntax, file, line,
                $"name '{name}' may hold only lower-case letters, digits, '/', '_' and '-', and needs a letter or digit");
            return null;
        }
        var pairs = Pairs(file, line, words, 2, diagnostics);
        if (pairs == null) return null;
        FeatureKeyword kind;
        string[] keys;
        switch (keyword)
        {
            case "conv":
                kind = FeatureKeyword.Conv;
                keys = new[] { "kernel", "stride", "pad", "in", "out", "bias", "act" };
                break;
            case "maxpool":
                kind = FeatureKeyword.MaxPool;
                keys = new[] { "kernel", "stride", "pad" };
                break;
            case "block":
                kind = FeatureKeyword.Block;
                keys = new[] { "kernel", "stride", "pad", "in", "out", "shortcut" };
                break;
            default:
                if (pairs.Count > 0)
                {
                    diagnostics.Add(Diagnostics.Syntax, file, line, "'tap' takes only a name");
                    return null;
                }
                return new FeatureLine(line, FeatureKeyword.Tap, name, 0, 0, default, 0, 0, false, false);
        }
        if (!Only(file, line, pairs, diagnostics, keys)) return null;
        var missing = new List<string>();
        foreach (string key in keys)
            if (!pairs.ContainsKey(key)) missing.Add(key + "=");
        if (missing.Count > 0)
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, $"'{keyword}' lacks {string.Join(", ", missing)}");
            return null;
        }

        int Int(string key) => int.TryParse(pairs[key], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1;
        foreach (string key in new[] { "kernel", "stride", "in", "out" })
        {
            if (pairs.ContainsKey(key) && Int(key) < 0)
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, $"{key}={pairs[key]} is not a whole number");
                return null;
            }
        }
        var pad = ParsePad(pairs["pad"]);
        if (pad == null)
        {
            diagnostics.Add(Diagnostics.Syntax, file, line, $"pad={pairs["pad"]} must be four whole numbers TOP,LEFT,BOTTOM,RIGHT");
            return null;
        }
        bool relu = false, projection = false;
        if (kind == FeatureKeyword.Conv)
        {
            string bias = pairs["bias"], act = pairs["act"];
            string? problem =
                bias == "no" ? "bias=no is reserved and not supported yet: every conv of a feature network has a bias"
                : bias != "yes" ? $"bias={bias} must be yes"
                : act != "relu" && act != "none" ? $"act={act} is not one of relu, none"
                : null;
            if (problem != null)
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, problem);
                return null;
            }
            relu = act == "relu";
        }
        if (kind == FeatureKeyword.Block)
        {
            string shortcut = pairs["shortcut"];
            if (shortcut != "identity" && shortcut != "projection")
            {
                diagnostics.Add(Diagnostics.Syntax, file, line, $"shortcut={shortcut} is not one of identity, projection");
                return null;
            }
            projection = shortcut == "projection";
            relu = true;
        }
        return new FeatureLine(line, kind, name, Int("kernel"), Int("stride"), pad.Value,
            kind == FeatureKeyword.MaxPool ? 0 : Int("in"), kind == FeatureKeyword.MaxPool ? 0 : Int("out"), relu, projection);
    }

    private static PadSpec? ParsePad(string text)
    {
        string[] parts = text.Split(',');
        if (parts.Length != 4) return null;
        var values = new int[4];
        for (int i = 0; i < 4; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i])) return null;
        return new PadSpec(values[0], values[1], values[2], values[3]);
    }

    /// <summary>Reports the first key that is not among <paramref name="allowed"/>.</summary>
    private static bool Only(ModelFile file, SourceLine line, Dictionary<string, string> pairs, DiagnosticBag diagnostics, params string[] allowed)
    {
        foreach (string key in pairs.Keys)
        {
            if (Array.IndexOf(allowed, key) >= 0) continue;
            string statement = line.Text.Trim().Split(' ')[0];
            diagnostics.Add(Diagnostics.Syntax, file, line, $"unknown key '{key}' for '{statement}' (allowed: {string.Join(", ", allowed)})");
            return false;
        }
        return true;
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
