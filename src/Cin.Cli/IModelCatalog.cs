using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>The models cin can run. The command asks this rather than the generated code, so tests can supply a tiny model.</summary>
public interface IModelCatalog
{
    /// <summary>Every model's description; cheap, no weights loaded.</summary>
    IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The model used when --model is not given.</summary>
    string DefaultModel { get; }

    /// <summary>Loads a model's network (which may take a moment the first time).</summary>
    StyleNetwork Load(string name);
}
