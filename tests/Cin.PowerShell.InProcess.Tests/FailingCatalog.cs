using Cin.Engine;
using Cin.Engine.Network;
using Cin.TestSupport;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>The tiny model, except that every network run throws <paramref name="error"/>: how an engine failure reaches the cmdlet.</summary>
internal sealed class FailingCatalog(Exception error) : IModelCatalog
{
    private readonly FailingNetwork _network = new(new TinyNetwork(), error);

    public IReadOnlyList<ModelInfo> Models => [TinyNetwork.Model];
    public string DefaultModel => TinyNetwork.Model.Name;
    public StyleNetwork Load(string name) => _network;

    private sealed class FailingNetwork(StyleNetwork inner, Exception error) : WrappedNetwork(inner)
    {
        protected override FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run) =>
            run.Rehearsal ? Inner.Run(rgb, style, run.Threads) : throw error;
    }
}
