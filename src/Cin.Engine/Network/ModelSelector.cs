namespace Cin.Engine.Network;

/// <summary>Finds the model a user named, for every front end alike.</summary>
public static class ModelSelector
{
    /// <summary>The model named <paramref name="name"/> (any case); throws <see cref="ModelSelectionException"/> when there is none.</summary>
    public static ModelInfo Find(IReadOnlyList<ModelInfo> models, string name) =>
        models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ModelSelectionException(name, models.Select(m => m.Name).ToList());

    /// <summary>
    /// The model for a style selection when the user named no model. The default model's own (built-in) styles keep
    /// meaning what they always meant, so a selection it has built in is the default model's. Otherwise the one model
    /// that has every style named (a learned style, or another model's). A selection that several models could serve
    /// is a <see cref="StyleSelectionException"/> listing the choices as model/style, and so is a blend whose names
    /// live in different models. A name no model has falls to the model with most of the other names, then the one with
    /// a name close to it, then the default, whose parse reports it with the closest name.
    /// </summary>
    public static ModelInfo ForStyles(IReadOnlyList<ModelInfo> models, string defaultModel, IReadOnlyList<string> names)
    {
        var fallback = Find(models, defaultModel);
        if (names.Count == 0 || names.All(n => fallback.Find(n) is { Learned: null })) return fallback;
        bool Has(ModelInfo m, string n) => m.Find(n) is not null;
        var complete = models.Where(m => names.All(n => Has(m, n))).ToList();
        if (complete.Count == 1) return complete[0];
        if (complete.Count > 1)
        {
            string choices = string.Join(", ", complete.Select(m => names.Count == 1 ? $"{m.Name}/{m.Find(names[0])!.Name}" : m.Name));
            throw new StyleSelectionException(StyleSelectionProblem.AmbiguousStyle, names.Count == 1
                ? $"Style '{names[0]}' is in more than one model: {choices}."
                : $"The styles '{string.Join("', '", names)}' are all in more than one model: {choices}.");
        }
        var homes = names.Select(n => (Name: n, Models: models.Where(m => Has(m, n)).Select(m => m.Name).ToList())).ToList();
        if (homes.All(h => h.Models.Count > 0))
            throw new StyleSelectionException(StyleSelectionProblem.BlendAcrossModels,
                "A blend takes styles of one model: " + string.Join(", ", homes.Select(h => $"'{h.Name}' is in {string.Join(" and ", h.Models)}")) + ".");
        var unknown = homes.Where(h => h.Models.Count == 0).Select(h => h.Name).ToList();
        return models
            .OrderByDescending(m => names.Count(n => Has(m, n)))
            .ThenByDescending(m => unknown.Count(n => StyleSelector.UnknownStyle(n, m).Suggestion is not null))
            .ThenBy(m => m == fallback ? 0 : 1)
            .First();
    }
}

/// <summary>A model name that names no model. The message is one line: "unknown model 'x' (available: a, b)".</summary>
public sealed class ModelSelectionException(string name, IReadOnlyList<string> available) : Exception(
    available.Count == 0
        ? $"unknown model '{name}': there are no models"
        : $"unknown model '{name}' (available: {string.Join(", ", available)})")
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Available { get; } = available;
}
