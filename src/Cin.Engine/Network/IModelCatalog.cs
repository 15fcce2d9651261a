namespace Cin.Engine.Network;

/// <summary>
/// The models a front end offers. `cin` and the Cin module ask this rather than the generated code, so their tests can
/// supply a tiny model.
/// </summary>
public interface IModelCatalog
{
    /// <summary>Every model's description; cheap, no weights loaded.</summary>
    IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The model used when none is named.</summary>
    string DefaultModel { get; }

    /// <summary>Loads a model's network (which may take a moment the first time).</summary>
    StyleNetwork Load(string name);
}
