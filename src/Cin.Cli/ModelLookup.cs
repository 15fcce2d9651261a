using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.Cli;

/// <summary>Resolves what the user wrote for --model, --style and --style-file, for photos and videos alike.</summary>
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

    /// <summary>
    /// The model and style weights <paramref name="request"/> asks for, by the engine's one rule (<see cref="StyleLookup"/>):
    /// mistakes in what was typed are usage errors; a style file's problem stays a <see cref="StyleFileException"/>,
    /// one line naming the file.
    /// </summary>
    public static StyleChoice Style(IModelCatalog catalog, StylizeRequest request)
    {
        try
        {
            return StyleLookup.Resolve(LearnedStyleCatalog.Of(catalog), request.Style, request.Model, request.StyleFile);
        }
        catch (ModelSelectionException e)
        {
            throw new UsageException(e.Message);
        }
        catch (StyleSelectionException e)
        {
            throw new UsageException(e.Problem switch
            {
                StyleSelectionProblem.UnknownStyle => $"{e.Message} 'cin styles' lists them.",
                StyleSelectionProblem.AmbiguousStyle => $"{e.Message} Choose one with --model.",
                _ => e.Message,
            });
        }
    }
}
