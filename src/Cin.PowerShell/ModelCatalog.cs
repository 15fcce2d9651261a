using Cin.Engine.Network;
using Cin.Models;

namespace Cin.PowerShell;

/// <summary>
/// The models the cmdlets offer. <see cref="StyleCatalog"/> asks this rather than the generated code, so the
/// in-process tests can swap in a tiny model, as Cin.Cli's IModelCatalog lets its tests do for the command line.
/// </summary>
internal interface IModelCatalog
{
    /// <summary>Every model's description; cheap, no weights loaded.</summary>
    IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The model used when -Model is not given.</summary>
    string DefaultModel { get; }

    /// <summary>Loads a model's network (which may take a moment the first time).</summary>
    StyleNetwork Load(string name);
}

/// <summary>The models compiled into Cin.Models from <c>styles/</c>.</summary>
internal sealed class BuiltInModelCatalog : IModelCatalog
{
    public static BuiltInModelCatalog Instance { get; } = new();

    public IReadOnlyList<ModelInfo> Models => BuiltInModels.All;
    public string DefaultModel => BuiltInModels.Default;
    public StyleNetwork Load(string name) => BuiltInModels.Load(name);
}
