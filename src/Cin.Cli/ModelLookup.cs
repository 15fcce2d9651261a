using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>Resolves what the user wrote for --model and --style, for photos and videos alike.</summary>
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

    /// <summary>The style weights for <paramref name="style"/> (a name, an alias or a blend) in <paramref name="model"/>.</summary>
    public static float[] StyleWeights(string style, ModelInfo model)
    {
        try
        {
            return StyleSelector.Parse(style, model);
        }
        catch (StyleSelectionException e)
        {
            throw new UsageException(e.Problem == StyleSelectionProblem.UnknownStyle ? $"{e.Message} 'cin styles' lists them." : e.Message);
        }
    }
}
