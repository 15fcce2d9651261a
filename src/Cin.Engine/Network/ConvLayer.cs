using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// One layer of a model: optional nearest upsampling, reflect padding by half the kernel, a bias-free convolution
/// that gathers its output's channel statistics as it writes, then the conditional instance norm fused with the
/// activation. The weights are packed once, for the algorithm the generator chose for this layer's shape.
/// </summary>
public sealed class ConvLayer
{
    private readonly ConvWeights? _direct;
    private readonly WinogradWeights? _winograd;
    private readonly SubPixelWeights? _subPixel;

    public ConvLayer(string name, ReadOnlySpan<float> hwio, int kernel, int stride, int upsample,
        int inChannels, int outChannels, Activation activation, ConvAlgorithm algorithm)
    {
        Name = name;
        Kernel = kernel;
        Stride = stride;
        Upsample = upsample;
        InChannels = inChannels;
        OutChannels = outChannels;
        Activation = activation;
        Algorithm = algorithm;
        switch (algorithm)
        {
            case ConvAlgorithm.Winograd when kernel is 3 or 9 && stride == 1 && upsample == 1:
                _winograd = WinogradWeights.FromHwio(hwio, kernel, inChannels, outChannels);
                break;
            case ConvAlgorithm.SubPixel when kernel == 3 && stride == 1 && upsample == 2:
                _subPixel = SubPixelWeights.FromHwio(hwio, inChannels, outChannels);
                break;
            case ConvAlgorithm.NarrowOutput when stride == 1 && upsample == 1 && outChannels <= NarrowOutputConv.MaxOutChannels:
            case ConvAlgorithm.Direct:
                _direct = ConvWeights.FromHwio(hwio, kernel, inChannels, outChannels);
                break;
            default:
                throw new ArgumentException($"{name}: {algorithm} does not apply to a {kernel}x{kernel} stride-{stride} layer with upsampling {upsample}.");
        }
    }

    public string Name { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Upsample { get; }
    public int InChannels { get; }
    public int OutChannels { get; }
    public Activation Activation { get; }
    public ConvAlgorithm Algorithm { get; }

    /// <summary>Runs the layer with a private workspace; for tests and single layers.</summary>
    public FeatureMap Run(FeatureMap x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int threads) =>
        Run(x, gamma, beta, new RunContext(x, threads));

    /// <summary>Runs the layer; the output and any scratch maps come from <paramref name="run"/>.</summary>
    public FeatureMap Run(FeatureMap x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, RunContext run) =>
        Run(x, inputNorm: null, gamma, beta, run);

    /// <summary>
    /// Runs the layer on the previous layer's output before its norm, applying <paramref name="inputNorm"/> as the
    /// input is read (see <see cref="RunDeferringNorm"/>).
    /// </summary>
    public FeatureMap Run(FeatureMap x, DeferredNorm? inputNorm, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, RunContext run)
    {
        long start = LayerProfile.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        var statistics = new ChannelStatistics.Accumulator(OutChannels);
        var y = Convolve(x, inputNorm, run, statistics);
        long convolved = LayerProfile.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        ConditionalInstanceNorm.Apply(y, run.Statistics(statistics.Finish()), gamma, beta, Activation, run.Threads);
        if (LayerProfile.Enabled) LayerProfile.Record(this, x, y, start, convolved);
        return y;
    }

    /// <summary>
    /// Runs the layer but leaves its norm and activation unapplied: returns the output before them, and them as
    /// <paramref name="norm"/> for the next layer to apply as it reads. For a large map feeding a direct
    /// convolution, this spares a pass over memory.
    /// </summary>
    public FeatureMap RunDeferringNorm(FeatureMap x, DeferredNorm? inputNorm, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, RunContext run,
        out DeferredNorm norm)
    {
        long start = LayerProfile.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        var statistics = new ChannelStatistics.Accumulator(OutChannels);
        var y = Convolve(x, inputNorm, run, statistics);
        norm = ConditionalInstanceNorm.Defer(OutChannels, run.Statistics(statistics.Finish()), gamma, beta, Activation);
        if (LayerProfile.Enabled) LayerProfile.Record(this, x, y, start, System.Diagnostics.Stopwatch.GetTimestamp());
        return y;
    }

    private FeatureMap Convolve(FeatureMap x, DeferredNorm? inputNorm, RunContext run, ChannelStatistics.Accumulator statistics)
    {
        int threads = run.Threads;
        // Only the direct convolution of an unscaled map reads through a deferred norm; the others take it applied.
        if (inputNorm != null && (Algorithm != ConvAlgorithm.Direct || Upsample > 1))
        {
            inputNorm.ApplyInPlace(x, threads);
            inputNorm = null;
        }
        switch (Algorithm)
        {
            case ConvAlgorithm.SubPixel:
                return SubPixelConv3x3.Apply(x, _subPixel!, run.Rent(2 * x.Height, 2 * x.Width, OutChannels), threads, statistics);
            case ConvAlgorithm.Winograd:
                return WinogradConv.Apply(x, _winograd!, run.Rent(x.Height, x.Width, OutChannels), threads, statistics);
            case ConvAlgorithm.NarrowOutput:
                return NarrowOutputConv.Apply(x, _direct!, run.Rent(x.Height, x.Width, OutChannels), threads, statistics);
            default:
            {
                var source = x;
                if (Upsample > 1)
                    source = Kernels.Upsample.Nearest(x, Upsample, run.Rent(x.Height * Upsample, x.Width * Upsample, x.Channels));
                int ho = Conv2d.OutputSize(source.Height, Kernel, Stride), wo = Conv2d.OutputSize(source.Width, Kernel, Stride);
                var y = Conv2d.Apply(source, _direct!, Stride, run.Rent(ho, wo, OutChannels), threads, statistics, inputNorm);
                if (!ReferenceEquals(source, x)) run.Release(source);
                return y;
            }
        }
    }
}
