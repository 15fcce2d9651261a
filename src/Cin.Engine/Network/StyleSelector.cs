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
            throw new StyleSelectionException(StyleSelectionProblem.NoStyle, "No style was given.");
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
                    throw new StyleSelectionException(StyleSelectionProblem.BadWeight, $"'{value}' is not a number, in the style blend '{text}'.");
            }
            else if (blend)
            {
                throw new StyleSelectionException(StyleSelectionProblem.MissingWeight, $"'{part}' has no weight; write a blend as name=weight,name=weight.");
            }
            if (name.Length == 0) throw new StyleSelectionException(StyleSelectionProblem.MissingName, $"A blend entry has no style name, in '{text}'.");
            var style = model.Find(name) ?? throw UnknownStyle(name, model);
            weights[style.Index] += weight;
        }
        return weights;
    }

    /// <summary>
    /// The style names in a selection, before any model is known (for <see cref="ModelSelector.ForStyles"/>); a malformed
    /// part is left for <see cref="Parse"/> to report.
    /// </summary>
    public static IReadOnlyList<string> Names(string text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.TrimEntries)
            .Select(part => part.IndexOf('=') is var eq && eq >= 0 ? part[..eq].Trim() : part)
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Why <paramref name="name"/> is no style of <paramref name="model"/>, with the closest name when one is close. The
    /// message does not say where the list of styles is: that is each front end's own command.
    /// </summary>
    public static StyleSelectionException UnknownStyle(string name, ModelInfo model)
    {
        var closest = model.Styles
            .Select(s => (s.Name, Distance: Levenshtein(name.ToLowerInvariant(), s.Name)))
            .OrderBy(p => p.Distance)
            .First();
        string? suggestion = closest.Distance <= Math.Max(2, name.Length / 3) ? closest.Name : null;
        string hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
        return new StyleSelectionException(StyleSelectionProblem.UnknownStyle, $"Unknown style '{name}' in model '{model.Name}'.{hint}")
        {
            Name = name,
            Suggestion = suggestion,
        };
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

/// <summary>What is wrong with a style as written.</summary>
public enum StyleSelectionProblem
{
    NoStyle,
    /// <summary>A blend weight that is not a finite number.</summary>
    BadWeight,
    /// <summary>A blend entry without "=weight".</summary>
    MissingWeight,
    /// <summary>A blend entry without a style name.</summary>
    MissingName,
    /// <summary>A name or alias that is no style of the model (<see cref="StyleSelectionException.Name"/>).</summary>
    UnknownStyle,
    /// <summary>No model was named and more than one model has the style.</summary>
    AmbiguousStyle,
    /// <summary>A blend of styles that no single model has together.</summary>
    BlendAcrossModels,
}

/// <summary>A style that cannot be selected; the message is one line in the engine's words.</summary>
public sealed class StyleSelectionException(StyleSelectionProblem problem, string message) : Exception(message)
{
    public StyleSelectionProblem Problem { get; } = problem;

    /// <summary>The name that matched no style, for <see cref="StyleSelectionProblem.UnknownStyle"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The closest style name, when one is close enough to suggest.</summary>
    public string? Suggestion { get; init; }
}
