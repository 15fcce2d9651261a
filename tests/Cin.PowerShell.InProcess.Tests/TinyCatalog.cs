using Cin.Engine;
using Cin.Engine.Kernels;
using Cin.Engine.Network;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>
/// The model catalog the cmdlets see in these tests: one network of a single 3x3 convolution with CIN and a sigmoid,
/// two styles named like real ones, so a photo stylizes in milliseconds and no built-in weights are loaded.
/// </summary>
internal sealed class TinyCatalog : IModelCatalog
{
    public static TinyCatalog Instance { get; } = new();

    private readonly Lazy<TinyNetwork> _network = new(() => new TinyNetwork());

    public IReadOnlyList<ModelInfo> Models => [TinyNetwork.Model];
    public string DefaultModel => TinyNetwork.Model.Name;

    /// <summary>How many images the network has stylized (rehearsals not counted), across all tests.</summary>
    public int Runs => _network.IsValueCreated ? _network.Value.Runs : 0;

    public StyleNetwork Load(string name) =>
        string.Equals(name, TinyNetwork.Model.Name, StringComparison.OrdinalIgnoreCase) ? _network.Value : throw new ArgumentException(name);
}

internal sealed class TinyNetwork : StyleNetwork
{
    private const int Kernel = 3;
    private readonly ConvLayer _conv;
    private readonly float[] _gamma = [1.0f, 0.5f, 1.5f, 2.0f, 1.0f, 0.5f];
    private readonly float[] _beta = [0.2f, 0.0f, -0.2f, -0.3f, 0.1f, 0.4f];
    private int _runs;

    public TinyNetwork()
    {
        var random = new Random(42);
        var hwio = new float[Kernel * Kernel * 3 * 3];
        for (int i = 0; i < hwio.Length; i++) hwio[i] = (float)(random.NextDouble() - 0.5);
        _conv = new ConvLayer("conv", hwio, Kernel, stride: 1, upsample: 1, inChannels: 3, outChannels: 3,
            Activation.Sigmoid, ConvAlgorithm.Direct);
    }

    public static ModelInfo Model { get; } = new(
        "tiny", "Tiny test model", "MIT", "tests", SizeMultiple: 1, MinimumSize: Kernel,
        [
            new StyleInfo(0, "starry-night", ["0"], "The Starry Night", "Vincent van Gogh", "1889", "test"),
            new StyleInfo(1, "great-wave", ["1", "wave"], "The Great Wave off Kanagawa", "Hokusai", "-", "test"),
        ])
    {
        // As a compiled model's: the hash a learned style records and is checked against.
        WeightsSha256 = new string('7', 64),
    };

    public int Runs => Volatile.Read(ref _runs);

    public override ModelInfo Info => Model;
    public override int NormLayerCount => 1;
    public override ReadOnlySpan<float> GammaTable(int layer) => _gamma;
    public override ReadOnlySpan<float> BetaTable(int layer) => _beta;
    public override IReadOnlyList<NetworkStep> Steps => [NetworkStep.Layer(_conv)];

    protected override FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run)
    {
        if (!run.Rehearsal) Interlocked.Increment(ref _runs);
        return _conv.Run(rgb, style.Gamma(0), style.Beta(0), run);
    }
}
