using System.Diagnostics;
using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// One layer of a model: optional nearest upsampling, reflect padding by half the kernel, a bias-free convolution
/// that gathers its output's channel statistics as it writes, then the conditional instance norm fused with the
/// activation. The weights are packed once, for the algorithm the generator chose for this layer's shape by
/// <see cref="ConvAlgorithmRules"/>; the layer runs that algorithm as given.
/// </summary>
public sealed partial class ConvLayer
{
    private readonly ConvWeights? _direct;
    private readonly WinogradWeights? _winograd;
    private readonly SubPixelWeights? _subPixel;

    /// <param name="normIndex">The layer's place among the network's norms: its row in <see cref="StyleParameters"/>.</param>
    public ConvLayer(string name, ReadOnlySpan<float> hwio, int kernel, int stride, int upsample,
        int inChannels, int outChannels, Activation activation, ConvAlgorithm algorithm, int normIndex = 0)
    {
        Name = name;
        Kernel = kernel;
        Stride = stride;
        Upsample = upsample;
        InChannels = inChannels;
        OutChannels = outChannels;
        Activation = activation;
        Algorithm = algorithm;
        NormIndex = normIndex;
        switch (algorithm)
        {
            case ConvAlgorithm.Winograd:
                _winograd = WinogradWeights.FromHwio(hwio, kernel, inChannels, outChannels);
                break;
            case ConvAlgorithm.SubPixel:
                _subPixel = SubPixelWeights.FromHwio(hwio, inChannels, outChannels);
                break;
            case ConvAlgorithm.NarrowOutput:
            case ConvAlgorithm.Direct:
                _direct = ConvWeights.FromHwio(hwio, kernel, inChannels, outChannels);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm));
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
    public int NormIndex { get; }

    /// <summary>Runs the layer with a private workspace; for tests and single layers.</summary>
    public FeatureMap Run(FeatureMap x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int threads) =>
        Run(x, gamma, beta, new RunContext(x, threads));

    /// <summary>Runs the layer; the output and any scratch maps come from <paramref name="run"/>, and the input stays alive.</summary>
    public FeatureMap Run(FeatureMap x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, RunContext run) =>
        Run(x, inputNorm: null, gamma, beta, run);

    // One step of a network's forward pass each: the layer runs on x with its own row of the style, and x, dead after
    // it, goes back to the run. Which one a generated network calls is the generator's decision, recorded per layer:
    // whether x arrives before the previous layer's norm (inputNorm), and whether this layer leaves its norm to the
    // next one (norm).

    /// <summary>Runs the layer and applies its norm; releases <paramref name="x"/>.</summary>
    public FeatureMap Forward(FeatureMap x, StyleParameters style, RunContext run) =>
        run.Replace(x, Run(x, inputNorm: null, style.Gamma(NormIndex), style.Beta(NormIndex), run));

    /// <summary>
    /// Runs the layer on the previous layer's output before its norm, applying <paramref name="inputNorm"/> to each
    /// input row as it reads it; releases <paramref name="x"/>.
    /// </summary>
    public FeatureMap Forward(FeatureMap x, DeferredNorm inputNorm, StyleParameters style, RunContext run) =>
        run.Replace(x, Run(x, inputNorm, style.Gamma(NormIndex), style.Beta(NormIndex), run));

    /// <summary>
    /// Runs the layer but leaves its norm and activation unapplied: returns the output before them, and them as
    /// <paramref name="norm"/> for the next layer to apply as it reads; for a large map feeding a direct convolution,
    /// this spares a pass over memory. Releases <paramref name="x"/>.
    /// </summary>
    public FeatureMap Forward(FeatureMap x, StyleParameters style, RunContext run, out DeferredNorm norm) =>
        run.Replace(x, RunDeferringNorm(x, inputNorm: null, style, run, out norm));

    /// <summary>Both: reads through <paramref name="inputNorm"/> and leaves its own <paramref name="norm"/>; releases <paramref name="x"/>.</summary>
    public FeatureMap Forward(FeatureMap x, DeferredNorm inputNorm, StyleParameters style, RunContext run, out DeferredNorm norm) =>
        run.Replace(x, RunDeferringNorm(x, inputNorm, style, run, out norm));

    private FeatureMap Run(FeatureMap x, DeferredNorm? inputNorm, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, RunContext run)
    {
        long start = LayerProfile.Enabled ? Stopwatch.GetTimestamp() : 0;
        var statistics = new ChannelStatistics.Accumulator(OutChannels);
        var y = Convolve(x, inputNorm, run, statistics);
        long convolved = LayerProfile.Enabled ? Stopwatch.GetTimestamp() : 0;
        ConditionalInstanceNorm.Apply(y, run.Statistics(statistics.Finish()), gamma, beta, Activation, run.Threads);
        if (LayerProfile.Enabled) LayerProfile.Record(this, x, y, start, convolved);
        return y;
    }

    private FeatureMap RunDeferringNorm(FeatureMap x, DeferredNorm? inputNorm, StyleParameters style, RunContext run, out DeferredNorm norm)
    {
        long start = LayerProfile.Enabled ? Stopwatch.GetTimestamp() : 0;
        var statistics = new ChannelStatistics.Accumulator(OutChannels);
        var y = Convolve(x, inputNorm, run, statistics);
        norm = ConditionalInstanceNorm.Defer(OutChannels, run.Statistics(statistics.Finish()), style.Gamma(NormIndex), style.Beta(NormIndex), Activation);
        if (LayerProfile.Enabled) LayerProfile.Record(this, x, y, start, Stopwatch.GetTimestamp());
        return y;
    }

    private FeatureMap Convolve(FeatureMap x, DeferredNorm? inputNorm, RunContext run, ChannelStatistics.Accumulator statistics)
    {
        int threads = run.Threads;
        // The generator gives a deferred norm only to a layer that reads through it (ConvAlgorithmRules.ReadsThroughNorm).
        Debug.Assert(inputNorm == null || ConvAlgorithmRules.ReadsThroughNorm(Algorithm, Upsample, inResidualBlock: false),
            $"{Name}: a {Algorithm} layer with upsampling {Upsample} cannot read through a deferred norm.");
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
