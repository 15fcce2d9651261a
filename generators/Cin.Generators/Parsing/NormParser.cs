using System.Collections.Generic;
using System.Globalization;

namespace Cin.Generators.Parsing;

/// <summary>
/// Reads norm.txt into one styles x channels table per layer and parameter. Every (layer, style, parameter) line
/// must be present exactly once, with exactly the layer's channel count of finite numbers.
/// </summary>
internal static class NormParser
{
    public sealed class Tables
    {
        public readonly Dictionary<string, float[]> Gamma = new();
        public readonly Dictionary<string, float[]> Beta = new();
    }

    public static Tables Parse(ModelFile file, IReadOnlyDictionary<string, int> channelsByLayer, int styleCount, DiagnosticBag diagnostics)
    {
        var tables = new Tables();
        var seen = new HashSet<(string, int, string)>();
        foreach (var pair in channelsByLayer)
        {
            tables.Gamma[pair.Key] = new float[styleCount * pair.Value];
            tables.Beta[pair.Key] = new float[styleCount * pair.Value];
        }
        foreach (SourceLine line in LineReader.Lines(file.Text))
        {
            string text = line.Text.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            string[] words = text.Split(' ');
            if (words.Length < 3 || (words[2] != "gamma" && words[2] != "beta"))
            {
                diagnostics.Add(Diagnostics.Norm, file, line, "expected '<layer> <style index> gamma|beta <values>'");
                continue;
            }
            if (!channelsByLayer.TryGetValue(words[0], out int channels))
            {
                diagnostics.Add(Diagnostics.Norm, file, line, $"'{words[0]}' is not a layer of model.txt");
                continue;
            }
            if (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int style) || style >= styleCount)
            {
                diagnostics.Add(Diagnostics.Norm, file, line, $"'{words[1]}' is not a style index below {styleCount}");
                continue;
            }
            if (!seen.Add((words[0], style, words[2])))
            {
                diagnostics.Add(Diagnostics.Norm, file, line, $"{words[0]} style {style} {words[2]} is given twice");
                continue;
            }
            if (words.Length - 3 != channels)
            {
                diagnostics.Add(Diagnostics.Norm, file, line, $"{words[0]} has {channels} channels but this line has {words.Length - 3} values");
                continue;
            }
            float[] table = words[2] == "gamma" ? tables.Gamma[words[0]] : tables.Beta[words[0]];
            for (int c = 0; c < channels; c++)
            {
                if (!float.TryParse(words[3 + c], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || float.IsNaN(v) || float.IsInfinity(v))
                {
                    diagnostics.Add(Diagnostics.Norm, file, line, $"'{words[3 + c]}' is not a finite number");
                    break;
                }
                table[style * channels + c] = v;
            }
        }
        foreach (var pair in channelsByLayer)
        {
            for (int style = 0; style < styleCount; style++)
            {
                foreach (string parameter in new[] { "gamma", "beta" })
                {
                    if (!seen.Contains((pair.Key, style, parameter)))
                    {
                        diagnostics.Add(Diagnostics.Norm, file, $"no {parameter} line for layer {pair.Key}, style {style}");
                        return tables;
                    }
                }
            }
        }
        return tables;
    }
}
