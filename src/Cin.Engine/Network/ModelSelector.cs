namespace Cin.Engine.Network;

/// <summary>Finds the model a user named, for every front end alike.</summary>
public static class ModelSelector
{
    /// <summary>The model named <paramref name="name"/> (any case); throws <see cref="ModelSelectionException"/> when there is none.</summary>
    public static ModelInfo Find(IReadOnlyList<ModelInfo> models, string name) =>
        models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ModelSelectionException(name, models.Select(m => m.Name).ToList());

    /// <summary>
    /// The model for a style selection when the user named no model: the default model when it has every style named
    /// (so the built-in names keep meaning what they always meant), otherwise the one model that has them all. A name no
    /// model has falls back to the default model, whose parse then reports it; a selection that two other models could
    /// serve, or whose names live in different models, is a <see cref="StyleSelectionException"/> naming the choices.
    /// </summary>
    public static ModelInfo ForStyles(IReadOnlyList<ModelInfo> models, string defaultModel, IReadOnlyList<string> names)
    {
        var fallback = Find(models, defaultModel);
        bool Has(ModelInfo m, string n) => m.Find(n) is not null;
        if (names.Count == 0 || names.All(n => Has(fallback, n))) return fallback;
        var complete = models.Where(m => names.All(n => Has(m, n))).ToList();
        if (complete.Count == 1) return complete[0];
        if (complete.Count > 1)
            throw new StyleSelectionException(StyleSelectionProblem.AmbiguousStyle,
                $"'{string.Join(",", names)}' is in models {string.Join(" and ", complete.Select(m => m.Name))}; choose one with --model.");
        var homes = names.Select(n => (Name: n, Models: models.Where(m => Has(m, n)).Select(m => m.Name).ToList())).ToList();
        if (homes.All(h => h.Models.Count > 0))
            throw new StyleSelectionException(StyleSelectionProblem.BlendAcrossModels,
                "A blend takes styles of one model: " + string.Join(", ", homes.Select(h => $"'{h.Name}' is in {string.Join(" and ", h.Models)}")) + ".");
        return fallback;
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
