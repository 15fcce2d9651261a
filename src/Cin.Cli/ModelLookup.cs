using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>Resolves what the user wrote for --model.</summary>
internal static class ModelLookup
{
    public static ModelInfo Find(IModelCatalog catalog, string? name)
    {
        name ??= catalog.DefaultModel;
        return catalog.Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException(
                catalog.Models.Count == 0
                    ? $"unknown model '{name}': this build of cin has no models"
                    : $"unknown model '{name}' (available: {string.Join(", ", catalog.Models.Select(m => m.Name))})");
    }
}
