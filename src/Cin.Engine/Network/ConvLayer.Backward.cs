using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;
using Cin.Engine.Kernels.Features;

namespace Cin.Engine.Network;

// The training side of a layer: a forward pass that keeps what the backward pass needs, and the backward pass, which
// takes the gradient with respect to the layer's output back through its activation and norm (adding the gradient
// with respect to its gamma and beta) and through its convolution, padding and upsampling to its input. The
// convolution's weights are frozen, so no weight gradient is taken, and its input is never kept.
public sealed partial class ConvLayer
{
    // The kernel as the layer was given it (HWIO), kept by reference when given as an array or a slice of one: the
    // forward packings (Winograd transforms, sub-pixel folds) cannot give it back. Its turned packing for the data
    // gradient is made on the first backward pass, so a network that only runs forward never pays for it.
    private ReadOnlyMemory<float> _kernelForBackward;
    private ConvDataGradientWeights? _gradientWeights;

    /// <summary>A layer that keeps <paramref name="hwio"/> (not a copy) for its backward pass.</summary>
    public ConvLayer(string name, ReadOnlyMemory<float> hwio, int kernel, int stride, int upsample,
        int inChannels, int outChannels, Activation activation, ConvAlgorithm algorithm, int normIndex = 0)
        : this(name, hwio.Span, kernel, stride, upsample, inChannels, outChannels, activation, algorithm, normIndex) =>
        _kernelForBackward = hwio;

    /// <summary>A layer that keeps <paramref name="hwio"/> (not a copy) for its backward pass.</summary>
    public ConvLayer(string name, float[] hwio, int kernel, int stride, int upsample,
        int inChannels, int outChannels, Activation activation, ConvAlgorithm algorithm, int normIndex = 0)
        : this(name, new ReadOnlyMemory<float>(hwio), kernel, stride, upsample, inChannels, outChannels, activation, algorithm, normIndex)
    {
    }

    /// <summary>Whether the layer kept its kernel, and so can run a backward pass.</summary>
    public bool CanRunBackward => !_kernelForBackward.IsEmpty;

    private ConvDataGradientWeights GradientWeights =>
        _gradientWeights ?? Interlocked.CompareExchange(ref _gradientWeights, TurnKernel(), null) ?? _gradientWeights!;

    private ConvDataGradientWeights TurnKernel() =>
        ConvDataGradientWeights.FromHwio(KeptKernel(), Kernel, InChannels, OutChannels);

    // A strided layer's kernel packed from its output channels to its k*k*in taps, for its data gradient by columns.
    private ConvWeights? _columnWeights;
    private PhaseConvGradient.Weights? _phaseWeights;

    private PhaseConvGradient.Weights PhaseWeights =>
        _phaseWeights ?? Interlocked.CompareExchange(ref _phaseWeights, PhaseConvGradient.Pack(KeptKernel(), Kernel, Stride, InChannels, OutChannels), null)
        ?? _phaseWeights!;

    private ConvWeights ColumnWeights =>
        _columnWeights ?? Interlocked.CompareExchange(ref _columnWeights, ColumnConvGradient.Pack(KeptKernel(), Kernel, InChannels, OutChannels), null)
        ?? _columnWeights!;

    private ReadOnlySpan<float> KeptKernel() =>
        CanRunBackward
            ? _kernelForBackward.Span
            : throw new InvalidOperationException($"{Name}: the layer was built from a span and did not keep its kernel; build it from an array for a backward pass.");

    /// <summary>
    /// Runs the layer as <see cref="Forward(FeatureMap, StyleParameters, RunContext)"/> does and records its output
    /// before the norm on <paramref name="tape"/>; releases <paramref name="x"/>.
    /// </summary>
    public FeatureMap ForwardForTraining(FeatureMap x, StyleParameters style, TrainingTape tape) =>
        tape.Run.Replace(x, ForwardForTrainingKeepingInput(x, style, tape));

    /// <summary>The same, leaving <paramref name="x"/> alive: a residual block's skip connection.</summary>
    internal FeatureMap ForwardForTrainingKeepingInput(FeatureMap x, StyleParameters style, TrainingTape tape)
    {
        var run = tape.Run;
        var statistics = new ChannelStatistics.Accumulator(OutChannels);
        var preNorm = Convolve(x, inputNorm: null, run, statistics);
        var stats = run.Statistics(statistics.Finish());
        tape.Record(NormIndex, preNorm, stats, x.Height, x.Width);
        var y = run.Rent(preNorm.Height, preNorm.Width, OutChannels);
        NormalizeInto(preNorm, stats, style.Gamma(NormIndex), style.Beta(NormIndex), y, run.Threads);
        return y;
    }

    /// <summary>
    /// The norm and activation from <paramref name="preNorm"/> into <paramref name="y"/>, with the coefficients and
    /// row pass of <see cref="ConditionalInstanceNorm"/>, so the output has the inference pass's bits.
    /// </summary>
    private void NormalizeInto(FeatureMap preNorm, ChannelStatistics stats, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, FeatureMap y, int threads)
    {
        var scale = new float[OutChannels];
        var shift = new float[OutChannels];
        for (int i = 0; i < OutChannels; i++)
        {
            scale[i] = gamma[i] / MathF.Sqrt(stats.Variance[i] + ConditionalInstanceNorm.Epsilon);
            shift[i] = beta[i] - stats.Mean[i] * scale[i];
        }
        float[] a = ChannelPattern.Tile(scale), b = ChannelPattern.Tile(shift);
        RowParallel.For(preNorm.Height, ConditionalInstanceNorm.RowThreads(preNorm, threads),
            row => ConditionalInstanceNorm.ScaleShiftRow(preNorm.Row(row), y.Row(row), a, b, Activation));
    }

    /// <summary>
    /// Takes <paramref name="outputGradient"/> (with respect to the layer's output) back to the layer's input, adding
    /// the gradient with respect to its gamma and beta to <paramref name="gradient"/>; releases
    /// <paramref name="outputGradient"/>.
    /// </summary>
    public FeatureMap Backward(FeatureMap outputGradient, TrainingTape tape, StyleGradient gradient)
    {
        var record = NormBackward(outputGradient, tape, gradient);
        var inputGradient = ConvolutionBackward(outputGradient, record.InputHeight, record.InputWidth, tape.Run);
        tape.Run.Release(outputGradient);
        return inputGradient;
    }

    /// <summary>
    /// Only the gradient with respect to gamma and beta, for a first layer, whose input (the image) needs no
    /// gradient; releases <paramref name="outputGradient"/>.
    /// </summary>
    public void BackwardToStyle(FeatureMap outputGradient, TrainingTape tape, StyleGradient gradient)
    {
        NormBackward(outputGradient, tape, gradient);
        tape.Run.Release(outputGradient);
    }

    /// <summary>The gradient through the activation and norm, in place; the layer's record is spent.</summary>
    private TrainingTape.LayerRecord NormBackward(FeatureMap outputGradient, TrainingTape tape, StyleGradient gradient)
    {
        var record = tape.Take(NormIndex);
        var preNorm = record.PreNorm;
        if (outputGradient.Height != preNorm.Height || outputGradient.Width != preNorm.Width || outputGradient.Channels != OutChannels)
            throw new ArgumentException($"{Name}: the gradient must be {preNorm.Height}x{preNorm.Width}x{OutChannels}.", nameof(outputGradient));
        InstanceNormGradient.Apply(preNorm, record.Statistics.Mean, record.Statistics.Variance,
            tape.Style.Gamma(NormIndex), tape.Style.Beta(NormIndex), Activation,
            outputGradient, outputGradient, gradient.Gamma(NormIndex), gradient.Beta(NormIndex), tape.Run.Threads);
        tape.Run.Release(preNorm);
        return record;
    }

    /// <summary>The gradient through the convolution, its reflect padding and any upsampling before it.</summary>
    private FeatureMap ConvolutionBackward(FeatureMap preNormGradient, int inputHeight, int inputWidth, RunContext run)
    {
        if (Stride > 1 && Upsample == 1) return StridedConvolutionBackward(preNormGradient, inputHeight, inputWidth, run);
        int h = inputHeight * Upsample, w = inputWidth * Upsample;
        var convolved = run.Rent(h, w, InChannels);
        int hs = ConvDataGradient.ScratchSize(h, Kernel), ws = ConvDataGradient.ScratchSize(w, Kernel);
        var spread = run.Rent(hs, ws, OutChannels);
        var full = run.Rent(hs, ws, InChannels);
        ConvDataGradient.Apply(preNormGradient, GradientWeights, Stride, convolved, spread, full, run.Threads);
        run.Release(spread);
        run.Release(full);
        if (Upsample == 1) return convolved;
        var input = run.Rent(inputHeight, inputWidth, InChannels);
        UpsampleGradient.Apply(convolved, Upsample, input, run.Threads);
        run.Release(convolved);
        return input;
    }

    /// <summary>
    /// A strided layer's data gradient phase by phase (<see cref="PhaseConvGradient"/>: each phase of the padded input
    /// one small product per row, written straight into its pixels), then the reflect padding folded back. Input
    /// channels that are not whole vectors go by columns instead (<see cref="ColumnConvGradient"/>: one product to
    /// every pixel's k*k*in taps, which each padded input pixel then gathers). Both multiply as often as the forward;
    /// the spread map of <see cref="ConvDataGradient"/> is three quarters zeros at stride 2 and multiplied anyway
    /// (magenta's conv2 at a 128 px crop: 160 M multiply-adds on the spread map against 38 M). By phases rather than
    /// columns, whose buffer is written and read again: contract/conv2 at a 128 px crop, in a learn step, 2.0 to 1.1 ms
    /// (magenta) and 2.9 to 2.0 ms (paintings40).
    /// </summary>
    private FeatureMap StridedConvolutionBackward(FeatureMap preNormGradient, int h, int w, RunContext run)
    {
        int pad = Kernel / 2;
        var padded = run.Rent(h + 2 * pad, w + 2 * pad, InChannels);
        if (PhaseConvGradient.Fits(InChannels)) PhaseConvGradient.Apply(preNormGradient, PhaseWeights, padded, run.Threads);
        else ColumnConvGradient.Apply(preNormGradient, ColumnWeights, Kernel, Stride, default, padded, run.Threads);
        var input = run.Rent(h, w, InChannels);
        ReflectPadGradient.Apply(padded, offset: 0, pad, input, run.Threads);
        run.Release(padded);
        return input;
    }
}
