using Cin.Engine.Network;

namespace Cin.Models;

/// <summary>The models compiled into cin from <c>styles/</c>.</summary>
public sealed class BuiltInModelCatalog : IModelCatalog
{
    public static BuiltInModelCatalog Instance { get; } = new();

    public IReadOnlyList<ModelInfo> Models => BuiltInModels.All;
    public string DefaultModel => BuiltInModels.Default;
    public StyleNetwork Load(string name) => BuiltInModels.Load(name);
}
