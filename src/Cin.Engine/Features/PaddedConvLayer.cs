using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;
using Cin.Engine.Kernels.Features;

namespace Cin.Engine.Features;

/// <summary>
/// A convolution of a feature network: zero padding (possibly lopsided), any kernel and stride, a bias, and ReLU or
/// none, with its kernel packed once at construction. Generated feature networks hold one per conv of model.txt, each
/// with the algorithm the source generator chose for its shape (<c>ConvAlgorithmRules.ChooseForFeatures</c>): the direct
/// tap GEMM, or Winograd F(4x4, 3x3) for a 3x3 stride-1 layer padded 1 all round, forward and backward.
/// </summary>
public sealed class PaddedConvLayer
{
    private readonly ConvWeights? _weights;
    private readonly Winograd4x4Weights? _winograd;
    private readonly float[] _bias;
    private ConvWeights? _adjoint;
    private Winograd4x4Weights? _winogradAdjoint;
    private ConvWeights? _columns;
    private float[]? _zeroBias;
    private ConvWeights? _smallMap;
    private ConvWeights? _smallMapAdjoint;

    /// <summary>
    /// Below this many 4x4 output tiles a Winograd layer runs as one direct product instead (<see cref="SmallMapConv"/>):
    /// a 128 px crop's layer3 (8x8, four tiles) is one; its layer2 (16x16, 16 tiles) and a 256 px crop's layer3 are not.
    /// </summary>
    private const int FewestWinogradTiles = 9;

    private static bool FewTiles(int height, int width) => Winograd4x4Conv.Tiles(height) * Winograd4x4Conv.Tiles(width) < FewestWinogradTiles;

    /// <param name="hwio">The kernel as stored in weights.bin: [kh][kw][in][out].</param>
    public PaddedConvLayer(string name, ReadOnlySpan<float> hwio, ReadOnlySpan<float> bias, int kernel, int stride, ZeroPadding pad,
        int inChannels, int outChannels, Activation activation, ConvAlgorithm algorithm = ConvAlgorithm.Direct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        if (bias.Length != outChannels)
            throw new ArgumentException($"Layer {name} has {outChannels} outputs but {bias.Length} biases.", nameof(bias));
        if (activation == Activation.Sigmoid) throw new ArgumentException($"Layer {name}: feature convolutions take ReLU or none.", nameof(activation));
        Name = name;
        Stride = stride;
        Pad = pad;
        Activation = activation;
        Algorithm = algorithm;
        Kernel = kernel;
        InChannels = inChannels;
        OutChannels = outChannels;
        if (algorithm == ConvAlgorithm.Winograd)
        {
            if (kernel != 3 || stride != 1 || pad != ZeroPadding.Uniform(1))
                throw new ArgumentException($"Layer {name}: Winograd takes a 3x3 stride-1 kernel padded 1 all round.", nameof(algorithm));
            _winograd = Winograd4x4Weights.FromHwio(hwio, inChannels, outChannels);
        }
        else if (algorithm == ConvAlgorithm.Direct) _weights = ConvWeights.FromHwio(hwio, kernel, inChannels, outChannels);
        else throw new ArgumentException($"Layer {name}: a feature convolution is direct or Winograd, not {algorithm}.", nameof(algorithm));
        _bias = bias.ToArray();
        _hwio = hwio.ToArray();
    }

    // The kernel as given, kept so the backward pass can turn it on first use (a network that only runs forward never
    // pays for the turned copy).
    private readonly float[] _hwio;

    public string Name { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public ZeroPadding Pad { get; }
    public int InChannels { get; }
    public int OutChannels { get; }
    public Activation Activation { get; }
    public ConvAlgorithm Algorithm { get; }

    public int OutputHeight(int height) => Pad.OutputHeight(height, Kernel, Stride);
    public int OutputWidth(int width) => Pad.OutputWidth(width, Kernel, Stride);

    /// <summary>
    /// A new map <c>act(conv(x) + bias + residual)</c>; <paramref name="residual"/>, when given, is added before the
    /// activation (a basic block's shortcut). The input is left as it is.
    /// </summary>
    public FeatureMap Forward(FeatureMap x, int threads = 1, FeatureMap? residual = null)
    {
        int ho = OutputHeight(x.Height), wo = OutputWidth(x.Width);
        if (ho == 0 || wo == 0)
            throw new ArgumentException($"Layer {Name}: a {x.Height}x{x.Width} map padded {Pad} is smaller than its {Kernel}x{Kernel} kernel.", nameof(x));
        var output = FeatureMap.Uninitialized(ho, wo, OutChannels);
        if (_winograd != null && FewTiles(ho, wo))
        {
            var packed = LazyInitializer.EnsureInitialized(ref _smallMap, () => SmallMapConv.Pack(_hwio, Kernel, InChannels, OutChannels));
            return SmallMapConv.Apply(x, packed, Kernel, _bias, Activation, output, residual, threads);
        }
        return _winograd != null
            ? PaddedWinogradConv.Apply(x, _winograd, _bias, Activation, output, residual, threads)
            : PaddedConv.Apply(x, _weights!, _bias, Stride, Pad, Activation, output, residual, threads);
    }

    /// <summary>
    /// The gradient with respect to this layer's input (a new map of the input's shape), given the gradient with
    /// respect to its <paramref name="output"/>. <paramref name="outputGradient"/> is overwritten: with ReLU it becomes
    /// the gradient before the activation (zero where the output is not positive). Weights are frozen: no gradient.
    /// </summary>
    public FeatureMap Backward(FeatureMap input, FeatureMap output, FeatureMap outputGradient, int threads = 1)
    {
        if (output.Height != outputGradient.Height || output.Width != outputGradient.Width || output.Channels != outputGradient.Channels)
            throw new ArgumentException($"Layer {Name}: the output gradient must be {output.Height}x{output.Width}x{output.Channels}.", nameof(outputGradient));
        ActivationGradient.Apply(output.Span, outputGradient.Span, Activation);
        return InputGradient(outputGradient, input.Height, input.Width, threads);
    }

    /// <summary>
    /// The gradient with respect to the input of the convolution alone (after the activation's derivative is applied).
    /// With a stride it is computed by columns (<see cref="ColumnConvGradient"/>), which multiplies as often as the
    /// forward does: on a feature network's small maps one product over all the pixels beats the phase-by-phase
    /// products of <see cref="PhaseConvGradient"/>, whose rows are a quarter of a map's width (layer2's first
    /// convolution at a 128 px crop: 0.46 against 0.59 ms). With stride 1 it is itself a stride-1 convolution of the
    /// gradient with the kernel turned half round and its input and output channels swapped, each leading pad p
    /// becoming k - 1 - p (the trailing ones whatever gives the input's size): so the forward kernel computes it, at
    /// the forward's speed.
    /// </summary>
    internal FeatureMap InputGradient(FeatureMap preActivationGradient, int inputHeight, int inputWidth, int threads)
    {
        int k = Kernel;
        if (Stride > 1)
        {
            var columns = LazyInitializer.EnsureInitialized(ref _columns, () => ColumnConvGradient.Pack(_hwio, k, InChannels, OutChannels));
            return ColumnConvGradient.Apply(preActivationGradient, columns, k, Stride, Pad,
                FeatureMap.Uninitialized(inputHeight, inputWidth, InChannels), threads);
        }
        if (_winograd != null && FewTiles(inputHeight, inputWidth))
        {
            var packed = LazyInitializer.EnsureInitialized(ref _smallMapAdjoint,
                () => SmallMapConv.Pack(Turned(_hwio, k, InChannels, OutChannels), k, OutChannels, InChannels));
            _zeroBias ??= new float[InChannels];
            return SmallMapConv.Apply(preActivationGradient, packed, k, _zeroBias, Activation.None,
                FeatureMap.Uninitialized(inputHeight, inputWidth, InChannels), null, threads);
        }
        if (_winograd != null)
        {
            var turned = LazyInitializer.EnsureInitialized(ref _winogradAdjoint,
                () => Winograd4x4Weights.FromHwio(Turned(_hwio, k, InChannels, OutChannels), OutChannels, InChannels));
            return PaddedWinogradConv.Apply(preActivationGradient, turned, null, Activation.None,
                FeatureMap.Uninitialized(inputHeight, inputWidth, InChannels), null, threads);
        }
        var adjoint = LazyInitializer.EnsureInitialized(ref _adjoint,
            () => ConvWeights.FromHwio(Turned(_hwio, k, InChannels, OutChannels), k, OutChannels, InChannels));
        _zeroBias ??= new float[InChannels];
        FeatureMap spread = preActivationGradient;
        int top = k - 1 - Pad.Top, left = k - 1 - Pad.Left;
        var pad = new ZeroPadding(top, left, inputHeight + k - 1 - spread.Height - top, inputWidth + k - 1 - spread.Width - left);
        var result = FeatureMap.Uninitialized(inputHeight, inputWidth, InChannels);
        return PaddedConv.Apply(spread, adjoint, _zeroBias, 1, pad, Activation.None, result, null, threads);
    }

    /// <summary>An HWIO kernel turned half round with its channels swapped: t[ky][kx][o][i] = w[k-1-ky][k-1-kx][i][o], the adjoint's HWIO.</summary>
    internal static float[] Turned(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels)
    {
        var turned = new float[hwio.Length];
        for (int ky = 0; ky < kernel; ky++)
            for (int kx = 0; kx < kernel; kx++)
            {
                int from = ((kernel - 1 - ky) * kernel + (kernel - 1 - kx)) * inChannels * outChannels;
                int to = (ky * kernel + kx) * outChannels * inChannels;
                for (int i = 0; i < inChannels; i++)
                    for (int o = 0; o < outChannels; o++)
                        turned[to + o * inChannels + i] = hwio[from + i * outChannels + o];
            }
        return turned;
    }
}
