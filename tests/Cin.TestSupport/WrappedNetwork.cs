using Cin.Engine;
using Cin.Engine.Network;

namespace Cin.TestSupport;

/// <summary>
/// A network that is another one, for tests that change one thing about it: its name, or what happens as a run
/// starts. Everything not overridden is the inner network's.
/// </summary>
public abstract class WrappedNetwork(StyleNetwork inner) : StyleNetwork
{
    protected StyleNetwork Inner => inner;

    public override ModelInfo Info => inner.Info;
    public override int NormLayerCount => inner.NormLayerCount;
    public override ReadOnlySpan<float> GammaTable(int layer) => inner.GammaTable(layer);
    public override ReadOnlySpan<float> BetaTable(int layer) => inner.BetaTable(layer);
    public override IReadOnlyList<NetworkStep> Steps => inner.Steps;

    protected override FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run) => inner.Run(rgb, style, run.Threads);
}

/// <summary>The inner network under another model's name and styles (a second model in a test catalog).</summary>
public sealed class RenamedNetwork(StyleNetwork inner, ModelInfo info) : WrappedNetwork(inner)
{
    public override ModelInfo Info => info;
}
