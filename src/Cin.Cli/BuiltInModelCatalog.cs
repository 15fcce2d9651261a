using Cin.Engine.Network;
using Cin.Models;

namespace Cin.Cli;

/// <summary>The models compiled into cin from <c>styles/</c>.</summary>
public sealed class BuiltInModelCatalog : IModelCatalog
{
    public IReadOnlyList<ModelInfo> Models => BuiltInModels.All;
    public string DefaultModel => BuiltInModels.Default;
    public StyleNetwork Load(string name) => BuiltInModels.Load(name);
}
