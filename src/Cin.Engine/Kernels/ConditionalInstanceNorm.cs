using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// Conditional instance normalization fused with the activation that follows it: each channel's mean and population
/// variance over the image (gathered here, or by the convolution as it wrote the map), then one pass applies
/// <c>act(a*x + b)</c> in place, with <c>a = gamma / sqrt(var + eps)</c> and <c>b = beta - mean * a</c>. The style is already folded into gamma and beta.
/// </summary>
public static class ConditionalInstanceNorm
{
    public const float Epsilon = 1e-5f;

    /// <summary>
    /// Below this many values (4 MiB) one pass takes well under a millisecond, and waking pool threads costs more
    /// than it saves.
    /// </summary>
    private const int ParallelThreshold = 1 << 20;

    public static void Apply(FeatureMap x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Activation activation, int threads = 1) =>
        Apply(x, ChannelStatistics.Gather(x, threads), gamma, beta, activation, threads);

    /// <summary>The norm with statistics already gathered, as the convolution wrote <paramref name="x"/>.</summary>
    public static void Apply(FeatureMap x, ChannelStatistics stats, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Activation activation, int threads = 1)
    {
        var (scale, shift) = Coefficients(x.Channels, stats, gamma, beta);
        ScaleShiftActivate(x, scale, shift, activation, threads);
    }

    /// <summary>The norm with statistics already gathered, left for the next convolution to apply as it reads.</summary>
    public static DeferredNorm Defer(int channels, ChannelStatistics stats, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Activation activation)
    {
        var (scale, shift) = Coefficients(channels, stats, gamma, beta);
        return new DeferredNorm(scale, shift, activation);
    }

    private static (float[] Scale, float[] Shift) Coefficients(int c, ChannelStatistics stats, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta)
    {
        if (gamma.Length != c || beta.Length != c || stats.Mean.Length != c)
            throw new ArgumentException($"gamma, beta and the statistics need {c} values, one per channel.");
        var scale = new float[c];
        var shift = new float[c];
        for (int i = 0; i < c; i++)
        {
            float a = gamma[i] / MathF.Sqrt(stats.Variance[i] + Epsilon);
            scale[i] = a;
            shift[i] = beta[i] - stats.Mean[i] * a;
        }
        return (scale, shift);
    }

    /// <summary><c>x = act(scale[c] * x + shift[c])</c> over a channels-last map.</summary>
    public static void ScaleShiftActivate(FeatureMap x, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Activation activation, int threads = 1) =>
        ScaleShiftActivateTiled(x, ChannelPattern.Tile(scale), ChannelPattern.Tile(shift), activation, threads);

    /// <summary>The same with coefficients already tiled to the channel pattern's period.</summary>
    internal static void ScaleShiftActivateTiled(FeatureMap x, float[] a, float[] b, Activation activation, int threads) =>
        RowParallel.For(x.Height, RowThreads(x, threads), y => ScaleShiftRow(x.Row(y), x.Row(y), a, b, activation));

    /// <summary>The threads a row-by-row pass over <paramref name="x"/> is worth: one below <see cref="ParallelThreshold"/>.</summary>
    internal static int RowThreads(FeatureMap x, int threads) => x.Length < ParallelThreshold ? 1 : threads;

    /// <summary><c>destination = act(a * source + b)</c> with tiled coefficients; the two may be the same row.</summary>
    internal static void ScaleShiftRow(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b, Activation activation)
    {
        var kernel = new ScaleShiftKernel(source, destination, a, b, activation);
        SimdDispatch.Run(ChannelPattern.VectorStep(a.Length), ref kernel);
    }

    private readonly ref struct ScaleShiftKernel(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b, Activation activation)
        : ISimdKernel
    {
        private readonly ReadOnlySpan<float> _source = source;
        private readonly Span<float> _destination = destination;

        public void Run<T>() where T : unmanaged, ISimd<T> => ScaleShiftRow<T>(_source, _destination, a, b, activation);
    }

    /// <summary>
    /// The row pass on one strategy. Multiply and add are rounded apart, never fused, so every strategy, the slabs and
    /// the scalar tail give each value the same bits (the sigmoid's vector exponential aside).
    /// </summary>
    internal static void ScaleShiftRow<T>(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b, Activation activation)
        where T : unmanaged, ISimd<T>
    {
        if (destination.Length < source.Length) throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        switch (activation)
        {
            case Activation.Relu: ScaleShiftRow<T, ReluFunction>(source, destination, a, b); break;
            case Activation.Sigmoid: ScaleShiftRow<T, SigmoidFunction>(source, destination, a, b); break;
            default: ScaleShiftRow<T, IdentityFunction>(source, destination, a, b); break;
        }
    }

    private static unsafe void ScaleShiftRow<T, TActivation>(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b)
        where T : unmanaged, ISimd<T>
        where TActivation : IActivationFunction
    {
        int period = a.Length, length = source.Length;
        if (period % T.Count != 0) throw new ArgumentException($"A pattern of {period} floats is not whole vectors of {T.Count}.");
        // Whole patterns go by vectors; the tail, a part pattern, by single floats from the pattern's start.
        int whole = length - length % period;
        fixed (float* from = source, to = destination, scale = a, shift = b)
        {
            if (period % (ChannelPattern.SlabVectors * T.Count) == 0)
            {
                for (int slab = 0; slab < period; slab += ChannelPattern.SlabVectors * T.Count)
                    ScaleShiftSlab<T, TActivation>(from, to, whole, period, slab, scale, shift);
            }
            else
            {
                T zero = T.Zero, one = T.Broadcast(1f);
                for (int i = 0; i < whole; i += period)
                    for (int j = 0; j < period; j += T.Count)
                        T.Store(TActivation.Apply(T.Add(T.Multiply(T.Load(from + i + j), T.Load(scale + j)), T.Load(shift + j)), zero, one), to + i + j);
            }
            SimdScalar scalarZero = SimdScalar.Zero, scalarOne = SimdScalar.Broadcast(1f);
            for (int i = whole, j = 0; i < length; i++, j++)
                SimdScalar.Store(TActivation.Apply(SimdScalar.Add(SimdScalar.Multiply(SimdScalar.Load(from + i), SimdScalar.Load(scale + j)),
                    SimdScalar.Load(shift + j)), scalarZero, scalarOne), to + i);
        }
    }

    /// <summary>One slab, its four vectors of coefficients held in registers, down every whole pattern of the row.</summary>
    private static unsafe void ScaleShiftSlab<T, TActivation>(float* from, float* to, int whole, int period, int slab, float* scale, float* shift)
        where T : unmanaged, ISimd<T>
        where TActivation : IActivationFunction
    {
        int n = T.Count;
        T a0 = T.Load(scale + slab), a1 = T.Load(scale + slab + n), a2 = T.Load(scale + slab + 2 * n), a3 = T.Load(scale + slab + 3 * n);
        T b0 = T.Load(shift + slab), b1 = T.Load(shift + slab + n), b2 = T.Load(shift + slab + 2 * n), b3 = T.Load(shift + slab + 3 * n);
        T zero = T.Zero, one = T.Broadcast(1f);
        // Pointers that step a pattern at a time: every access is then a constant offset from one of them.
        float* end = from + whole;
        for (float* x = from + slab, y = to + slab; x < end; x += period, y += period)
        {
            T.Store(TActivation.Apply(T.Add(T.Multiply(T.Load(x), a0), b0), zero, one), y);
            T.Store(TActivation.Apply(T.Add(T.Multiply(T.Load(x + n), a1), b1), zero, one), y + n);
            T.Store(TActivation.Apply(T.Add(T.Multiply(T.Load(x + 2 * n), a2), b2), zero, one), y + 2 * n);
            T.Store(TActivation.Apply(T.Add(T.Multiply(T.Load(x + 3 * n), a3), b3), zero, one), y + 3 * n);
        }
    }
}
