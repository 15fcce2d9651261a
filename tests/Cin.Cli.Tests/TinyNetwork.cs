using Cin.Engine;
using Cin.Engine.Kernels;
using Cin.Engine.Network;
using Cin.TestSupport;

namespace Cin.Cli.Tests;

/// <summary>
/// A one-layer stand-in for a real model (9x9 conv, 3 to 3 channels, CIN, sigmoid) with two styles named like the
/// real ones, so the command can be tested without loading the compiled models' weights.
/// </summary>
internal sealed class TinyNetwork : StyleNetwork
{
    private const int Kernel = 9;
    private readonly ConvLayer _conv;
    private readonly float[] _gamma = [1.0f, 0.5f, 1.5f, 2.0f, 1.0f, 0.5f];
    private readonly float[] _beta = [0.2f, 0.0f, -0.2f, -0.3f, 0.1f, 0.4f];

    public TinyNetwork()
    {
        var random = new Random(1234);
        var hwio = new float[Kernel * Kernel * 3 * 3];
        for (int i = 0; i < hwio.Length; i++) hwio[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        _conv = new ConvLayer("conv", hwio, Kernel, stride: 1, upsample: 1, inChannels: 3, outChannels: 3,
            Activation.Sigmoid, ConvAlgorithm.Direct);
    }

    public static ModelInfo Model { get; } = new(
        "tiny", "Tiny test model", "MIT", "tests", SizeMultiple: 4, MinimumSize: Kernel / 2 + 1,
        [
            new StyleInfo(0, "starry-night", ["0"], "The Starry Night", "Vincent van Gogh", "1889", "test"),
            new StyleInfo(1, "great-wave", ["1", "wave"], "The Great Wave off Kanagawa", "Hokusai", "-", "test"),
        ])
    {
        // As a compiled model's: the hash a learned style records and is checked against.
        WeightsSha256 = new string('7', 64),
    };

    public override ModelInfo Info => Model;
    public override int NormLayerCount => 1;
    public override ReadOnlySpan<float> GammaTable(int layer) => _gamma;
    public override ReadOnlySpan<float> BetaTable(int layer) => _beta;

    public override IReadOnlyList<NetworkStep> Steps => [NetworkStep.Layer(_conv)];

    protected override FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run) =>
        _conv.Run(rgb, style.Gamma(0), style.Beta(0), run);
}

/// <summary>A catalog holding only <see cref="TinyNetwork"/>, the default; <paramref name="onRun"/> is called each time the network runs.</summary>
internal sealed class TinyCatalog(Action? onRun = null) : IModelCatalog
{
    private readonly Lazy<StyleNetwork> _network = new(() => onRun is null ? new TinyNetwork() : new HookedNetwork(new TinyNetwork(), onRun));
    public IReadOnlyList<ModelInfo> Models => [TinyNetwork.Model];
    public string DefaultModel => "tiny";
    public StyleNetwork Load(string name) => name == "tiny" ? _network.Value : throw new ArgumentException(name);
}

/// <summary>A network that calls back before each run, for tests that act while an image is in progress.</summary>
internal sealed class HookedNetwork(StyleNetwork inner, Action onRun) : WrappedNetwork(inner)
{
    protected override FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run)
    {
        if (!run.Rehearsal) onRun();
        return Inner.Run(rgb, style, run.Threads);
    }
}
