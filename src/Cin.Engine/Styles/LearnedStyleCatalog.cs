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
        var problems = new List<string>(library.Problems);
        Models = builtIn.Models.Select(m => library.Extend(m, problems)).ToList();
        Problems = problems;
    }

    public IReadOnlyList<ModelInfo> Models { get; }

    public string DefaultModel => _builtIn.DefaultModel;

    /// <summary>Style files left out, one line each (unreadable, for other weights, or a name already taken).</summary>
    public IReadOnlyList<string> Problems { get; }

    public StyleNetwork Load(string name) => _builtIn.Load(name);
}
