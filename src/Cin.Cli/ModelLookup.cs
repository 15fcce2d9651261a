using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>Resolves what the user wrote for --model.</summary>
internal static class ModelLookup
{
    public static ModelInfo Find(IModelCatalog catalog, string? name)
    {
        try
        {
            return ModelSelector.Find(catalog.Models, name ?? catalog.DefaultModel);
        }
        catch (ModelSelectionException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
