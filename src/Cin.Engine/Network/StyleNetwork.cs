using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// A compiled style-transfer network. The source generator writes one subclass per model in <c>styles/</c>, with its
/// layers and a straight-line <see cref="Forward"/> of one line per layer or residual block; this base holds what every
/// model shares.
/// </summary>
public abstract partial class StyleNetwork
{
    public abstract ModelInfo Info { get; }

    /// <summary>The number of conditional instance norms, in the order the layers run.</summary>
    public abstract int NormLayerCount { get; }

    /// <summary>The layer's gamma table, styles x channels, row-major.</summary>
    public abstract ReadOnlySpan<float> GammaTable(int layer);

    /// <summary>The layer's beta table, styles x channels, row-major.</summary>
    public abstract ReadOnlySpan<float> BetaTable(int layer);

    /// <summary>
    /// Runs the network on an RGB map in [0,1] whose sides are multiples of <see cref="ModelInfo.SizeMultiple"/>
    /// and at least <see cref="ModelInfo.MinimumSize"/>; returns RGB in (0,1) of the same size.
    /// <paramref name="statistics"/>, when given, sees each norm's statistics before they are used.
    /// <paramref name="cancellation"/> is checked between layers and, inside each, between rows or bands of rows
    /// (<see cref="RowParallel"/>), so that a run at any size stops promptly.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled; the pass is given up.</exception>
    public FeatureMap Run(FeatureMap rgb, StyleParameters style, int threads = 1, IStatisticsFilter? statistics = null,
        CancellationToken cancellation = default)
    {
        CheckInput(rgb, style);
        var run = new RunContext(rgb, threads, Buffers) { StatisticsFilter = statistics, Cancellation = cancellation };
        using var cancellable = RowParallel.Cancellable(cancellation);
        FeatureMap output = Forward(rgb, style, run);
        run.Finish();
        return output;
    }

    /// <summary>Activation buffers kept between runs of this network.</summary>
    public BufferPool Buffers { get; } = new();

    private int _prepared;

    /// <summary>
    /// Allocates and touches, ahead of the first run, the activation buffers a run at
    /// <paramref name="height"/> x <paramref name="width"/> (a size <see cref="Run"/> accepts) will take, and pools
    /// them: <see cref="PlanPreparation"/> followed by <see cref="BufferPreparation.Join"/> on this thread.
    /// </summary>
    public void Prepare(int height, int width) => PlanPreparation(height, width)?.Join();

    /// <summary>
    /// Allocates the activation buffers a run at <paramref name="height"/> x <paramref name="width"/> will take and
    /// returns the work of faulting them in, for threads to share (<see cref="BufferPreparation.Work"/>); null when
    /// the size is not one <see cref="Run"/> accepts or the network was prepared before. Fresh memory costs a page
    /// fault per 4 KiB on first write, which inside the first layer of a one-photo process is a large share of its
    /// time; done while the photo decodes, it is hidden. Which buffers a run allocates is found by running the network
    /// at its smallest size, where it costs microseconds: every activation is a fixed number of floats per input
    /// pixel, so the same buffers, scaled, serve any size. Only the first call on a network does anything, so
    /// concurrent jobs do not each add a set.
    /// </summary>
    public BufferPreparation? PlanPreparation(int height, int width)
    {
        int multiple = Info.SizeMultiple;
        if (height % multiple != 0 || width % multiple != 0 || height < Info.MinimumSize || width < Info.MinimumSize) return null;
        if (Interlocked.Exchange(ref _prepared, 1) != 0) return null;
        int side = (Math.Max(Info.MinimumSize, multiple) + multiple - 1) / multiple * multiple;
        var probe = new FeatureMap(side, side, 3);
        var allocations = new List<long>();
        Forward(probe, Style(0), new RunContext(probe, 1, pool: null, allocations));
        // length = channels * side^2 / s^2 for the map's stride s, and both sides are multiples of s.
        var buffers = allocations
            .Select(length => GC.AllocateUninitializedArray<float>(checked((int)(length * height * width / ((long)side * side)))))
            .ToArray();
        return new BufferPreparation(Buffers, buffers);
    }

    private double _activationFloatsPerPixel = -1;

    /// <summary>
    /// The floats per input pixel that a whole-map run's activation buffers take at their peak, found as
    /// <see cref="PlanPreparation"/> finds them: by a rehearsal at the smallest size, recording every buffer the pass
    /// allocates (buffers are reused, never freed, within a pass, so their sum is the peak). For the streamed run's
    /// choice between whole maps and bands.
    /// </summary>
    internal double ActivationFloatsPerPixel()
    {
        if (_activationFloatsPerPixel >= 0) return _activationFloatsPerPixel;
        int multiple = Info.SizeMultiple;
        int side = (Math.Max(Info.MinimumSize, multiple) + multiple - 1) / multiple * multiple;
        var probe = new FeatureMap(side, side, 3);
        var allocations = new List<long>();
        Forward(probe, Style(0), new RunContext(probe, 1, pool: null, allocations));
        return _activationFloatsPerPixel = (double)allocations.Sum() / ((long)side * side);
    }

    /// <summary>
    /// The layers in model order; generated per model, each step releasing the activation it consumed
    /// (<see cref="ConvLayer.Forward(FeatureMap, StyleParameters, RunContext)"/>, <see cref="Residual"/>).
    /// </summary>
    /// <summary>What every pass (inference or training) requires of its input and style.</summary>
    private void CheckInput(FeatureMap rgb, StyleParameters style)
    {
        if (rgb.Channels != 3) throw new ArgumentException("The network takes a 3-channel RGB map.", nameof(rgb));
        if (style.LayerCount != NormLayerCount)
            throw new ArgumentException("These style parameters belong to another model.", nameof(style));
        int multiple = Info.SizeMultiple, minimum = Info.MinimumSize;
        if (rgb.Height % multiple != 0 || rgb.Width % multiple != 0 || rgb.Height < minimum || rgb.Width < minimum)
            throw new ArgumentException(
                $"The network needs sides that are multiples of {multiple} and at least {minimum}; got {rgb.Width}x{rgb.Height}.",
                nameof(rgb));
    }

    protected abstract FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run);

    /// <summary>The steps <see cref="Forward"/> runs, in the same order, as data.</summary>
    public abstract IReadOnlyList<NetworkStep> Steps { get; }

    public StyleParameters Style(int index)
    {
        var weights = new float[Info.Styles.Count];
        weights[index] = 1;
        return StyleParameters.Blend(this, weights);
    }

    public StyleParameters Style(ReadOnlySpan<float> weights) => StyleParameters.Blend(this, weights);

    /// <summary>
    /// A residual block, x + CIN(conv2(relu(CIN(conv1(x))))): <paramref name="x"/> stays alive as the skip connection
    /// while the two layers run, and the second layer's norm is applied in the same pass as the add, in place into its
    /// output. The skip and the first layer's output are dead after.
    /// </summary>
    protected static FeatureMap Residual(FeatureMap x, ConvLayer conv1, ConvLayer conv2, StyleParameters style, RunContext run)
    {
        var inner = conv1.Run(x, style.Gamma(conv1.NormIndex), style.Beta(conv1.NormIndex), run);
        var y = conv2.Forward(inner, style, run, out DeferredNorm norm);
        norm.ApplyAndAdd(y, x, run.Threads);
        run.Release(x);
        return y;
    }
}
