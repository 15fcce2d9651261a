using Cin.Engine.Network;

namespace Cin.Engine.Styles;

/// <summary>
/// A model catalog with learned styles: the built-in catalog's models, each listing after its own styles the learned
/// styles made for it. Networks are the built-in ones; a learned style is only a row, applied when its style parameters
/// are made (<see cref="StyleParameters.Blend(StyleNetwork, ModelInfo, ReadOnlySpan{float})"/>).
/// </summary>
public sealed class LearnedStyleCatalog : IModelCatalog
{
    private readonly IModelCatalog _builtIn;

    public LearnedStyleCatalog(IModelCatalog builtIn, LearnedStyleLibrary library)
    {
        _builtIn = builtIn;
        var leftOut = new List<LeftOutStyle>(library.LeftOut);
        Models = builtIn.Models.Select(m => library.Extend(m, leftOut)).ToList();
        LeftOut = leftOut;
    }

    public IReadOnlyList<ModelInfo> Models { get; }

    public string DefaultModel => _builtIn.DefaultModel;

    /// <summary>Style files left out (unreadable, for other weights, or a name already taken), with why.</summary>
    public IReadOnlyList<LeftOutStyle> LeftOut { get; }

    /// <summary>The files left out, one line each naming the file and why.</summary>
    public IReadOnlyList<string> Problems => LeftOut.Select(p => p.Message).ToList();

    /// <summary>A catalog without learned styles: <paramref name="catalog"/> itself when it already is one.</summary>
    public static LearnedStyleCatalog Of(IModelCatalog catalog) =>
        catalog as LearnedStyleCatalog ?? new LearnedStyleCatalog(catalog, LearnedStyleLibrary.Empty);

    public StyleNetwork Load(string name) => _builtIn.Load(name);
}
