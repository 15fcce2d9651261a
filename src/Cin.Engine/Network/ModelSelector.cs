namespace Cin.Engine.Network;

/// <summary>Finds the model a user named, for every front end alike.</summary>
public static class ModelSelector
{
    /// <summary>The model named <paramref name="name"/> (any case); throws <see cref="ModelSelectionException"/> when there is none.</summary>
    public static ModelInfo Find(IReadOnlyList<ModelInfo> models, string name) =>
        models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ModelSelectionException(name, models.Select(m => m.Name).ToList());
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
