using System.Globalization;

namespace Cin.Engine.Network;

/// <summary>
/// Turns what a user writes for a style into one weight per style: a name or alias (<c>starry-night</c>, <c>19</c>)
/// or a blend (<c>starry-night=0.7,great-wave=0.3</c>). Blend weights are any real numbers; naming a style twice adds
/// its weights.
/// </summary>
public static class StyleSelector
{
    public static float[] Parse(string text, ModelInfo model)
    {
        var weights = new float[model.Styles.Count];
        if (string.IsNullOrWhiteSpace(text))
            throw new StyleSelectionException("No style was given.");
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        bool blend = parts.Length > 1 || text.Contains('=');
        foreach (string part in parts)
        {
            string name = part;
            float weight = 1;
            int eq = part.IndexOf('=');
            if (eq >= 0)
            {
                name = part[..eq].Trim();
                string value = part[(eq + 1)..].Trim();
                if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !float.IsFinite(weight))
                    throw new StyleSelectionException($"'{value}' is not a number, in the style blend '{text}'.");
            }
            else if (blend)
            {
                throw new StyleSelectionException($"'{part}' has no weight; write a blend as name=weight,name=weight.");
            }
            if (name.Length == 0) throw new StyleSelectionException($"A blend entry has no style name, in '{text}'.");
            var style = model.Find(name) ?? throw new StyleSelectionException(UnknownStyle(name, model));
            weights[style.Index] += weight;
        }
        return weights;
    }

    private static string UnknownStyle(string name, ModelInfo model)
    {
        var closest = model.Styles
            .Select(s => (s.Name, Distance: Levenshtein(name.ToLowerInvariant(), s.Name)))
            .OrderBy(p => p.Distance)
            .First();
        string hint = closest.Distance <= Math.Max(2, name.Length / 3) ? $" Did you mean '{closest.Name}'?" : "";
        return $"Unknown style '{name}' in model '{model.Name}'.{hint} 'cin styles' lists them.";
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

public sealed class StyleSelectionException(string message) : Exception(message);
