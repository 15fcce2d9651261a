using Cin.Engine.Network;

namespace Cin.Engine.Styles;

/// <summary>A style selection resolved: its model, one weight per style of that model, and the text that names it in messages.</summary>
/// <param name="Model">The model, with its learned styles (and a style file given directly) listed after its own.</param>
/// <param name="Weights">One weight per style of <paramref name="Model"/> (<see cref="StyleParameters.Blend(StyleNetwork, ModelInfo, ReadOnlySpan{float})"/>).</param>
/// <param name="Text">What the user wrote, or the style file's style name when only the file was given.</param>
public sealed record StyleChoice(ModelInfo Model, float[] Weights, string Text);

/// <summary>
/// The one rule by which every front end turns what a user wrote for a style (a name, an alias, a blend; a model or
/// none; a style file or none) into a model and its weights, built-in and learned styles alike. Problems come back as
/// the engine's exceptions, each one line: <see cref="ModelSelectionException"/> and
/// <see cref="StyleSelectionException"/> for what was typed, <see cref="StyleFileException"/> for a style file (one
/// given directly, or one the catalog left out whose style was asked for by name).
/// </summary>
public static class StyleLookup
{
    /// <param name="selection">A name, alias or blend (<see cref="StyleSelector"/>); may be empty when <paramref name="styleFile"/> is given.</param>
    /// <param name="modelName">The model the user named; null to find the style in whichever model has it (<see cref="ModelSelector.ForStyles"/>).</param>
    /// <param name="styleFile">A style file to use directly: its style joins its model (replacing a learned style of the same
    /// name) and is the style when <paramref name="selection"/> is empty; otherwise <paramref name="selection"/> may blend it
    /// by name with its model's other styles.</param>
    public static StyleChoice Resolve(LearnedStyleCatalog catalog, string? selection, string? modelName, string? styleFile = null)
    {
        bool named = !string.IsNullOrWhiteSpace(selection);
        var models = catalog.Models;
        ModelInfo? chosen = modelName is null ? null : ModelSelector.Find(models, modelName);
        if (styleFile is not null) return WithFile(catalog, named ? selection! : null, chosen, styleFile);
        if (!named) throw new StyleSelectionException(StyleSelectionProblem.NoStyle, "No style was given.");
        var model = chosen ?? ModelSelector.ForStyles(models, catalog.DefaultModel, StyleSelector.Names(selection!));
        return new StyleChoice(model, Parse(catalog, selection!, model, modelNamed: chosen is not null), selection!);
    }

    private static StyleChoice WithFile(LearnedStyleCatalog catalog, string? selection, ModelInfo? chosen, string path)
    {
        var style = StyleFileFormat.Read(path);
        var home = catalog.Models.FirstOrDefault(m => string.Equals(m.Name, style.Model, StringComparison.OrdinalIgnoreCase))
            ?? throw new StyleFileException(path, 0,
                $"is a style for model '{style.Model}', which this cin does not have (it has {string.Join(", ", catalog.Models.Select(m => m.Name))})");
        if (chosen is not null && chosen.Name != home.Name)
            throw new StyleFileException(path, 0, $"is a style for model '{home.Name}', not '{chosen.Name}'");
        var (model, added) = LearnedStyleLibrary.WithFile(home, path, style);
        if (selection is null)
        {
            var weights = new float[model.Styles.Count];
            weights[added.Index] = 1;
            return new StyleChoice(model, weights, added.Name);
        }
        return new StyleChoice(model, Parse(catalog, selection, model, modelNamed: true), selection);
    }

    /// <summary>
    /// The selection's weights in <paramref name="model"/>. A name it lacks that a style file left out of the catalog
    /// answers to is that file's problem, reported as such: "unknown style" would hide why.
    /// </summary>
    private static float[] Parse(LearnedStyleCatalog catalog, string selection, ModelInfo model, bool modelNamed)
    {
        try
        {
            return StyleSelector.Parse(selection, model);
        }
        catch (StyleSelectionException e) when (e.Problem == StyleSelectionProblem.UnknownStyle && e.Name is { } name
            && catalog.LeftOut.FirstOrDefault(p => p.Answers(name)
                && (!modelNamed || p.Model is null || string.Equals(p.Model, model.Name, StringComparison.OrdinalIgnoreCase))) is { } leftOut)
        {
            throw leftOut.Problem;
        }
    }
}
