using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        ForEachRow(x, threads, y => ScaleShiftRow(x.Row(y), x.Row(y), a, b, activation));

    /// <summary>Runs <paramref name="row"/> for every row of the map, on pool threads only when the map is large enough to pay for them.</summary>
    internal static void ForEachRow(FeatureMap x, int threads, Action<int> row)
    {
        if (threads <= 1 || x.Length < ParallelThreshold) { for (int y = 0; y < x.Height; y++) row(y); }
        else Parallel.For(0, x.Height, new ParallelOptions { MaxDegreeOfParallelism = threads }, row);
    }

    /// <summary>
    /// The same, with ReLU, for a pattern of whole 32-float slabs (32, 64 or 128 channels, the large maps): each
    /// slab's coefficients stay in registers while the slab is walked across the row.
    /// </summary>
    private static void ReluScaleShiftBySlab(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b)
    {
        int period = a.Length;
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        var floor = Vector256<float>.Zero;
        for (int slab = 0; slab < period; slab += 32)
        {
            var a0 = Vector256.Create(a.AsSpan(slab)); var a1 = Vector256.Create(a.AsSpan(slab + 8));
            var a2 = Vector256.Create(a.AsSpan(slab + 16)); var a3 = Vector256.Create(a.AsSpan(slab + 24));
            var b0 = Vector256.Create(b.AsSpan(slab)); var b1 = Vector256.Create(b.AsSpan(slab + 8));
            var b2 = Vector256.Create(b.AsSpan(slab + 16)); var b3 = Vector256.Create(b.AsSpan(slab + 24));
            for (nuint i = (nuint)slab; i < (nuint)source.Length; i += (nuint)period)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref from, i) * a0 + b0, floor).StoreUnsafe(ref to, i);
                Vector256.Max(Vector256.LoadUnsafe(ref from, i + 8) * a1 + b1, floor).StoreUnsafe(ref to, i + 8);
                Vector256.Max(Vector256.LoadUnsafe(ref from, i + 16) * a2 + b2, floor).StoreUnsafe(ref to, i + 16);
                Vector256.Max(Vector256.LoadUnsafe(ref from, i + 24) * a3 + b3, floor).StoreUnsafe(ref to, i + 24);
            }
        }
    }

    /// <summary><c>destination = act(a * source + b)</c> with tiled coefficients; the two may be the same row.</summary>
    internal static void ScaleShiftRow(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b, Activation activation)
    {
        int period = a.Length, i = 0;
        if (Vector256.IsHardwareAccelerated && period % 32 == 0 && source.Length % period == 0 && activation == Activation.Relu)
        {
            ReluScaleShiftBySlab(source, destination, a, b);
            return;
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + period <= source.Length; i += period)
            {
                for (int j = 0; j < period; j += Vector256<float>.Count)
                {
                    var y = Vector256.Create(source.Slice(i + j)) * Vector256.Create(a.AsSpan(j)) + Vector256.Create(b.AsSpan(j));
                    Activate(y, activation).CopyTo(destination.Slice(i + j));
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + period <= source.Length; i += period)
            {
                for (int j = 0; j < period; j += Vector128<float>.Count)
                {
                    var y = Vector128.Create(source.Slice(i + j)) * Vector128.Create(a.AsSpan(j)) + Vector128.Create(b.AsSpan(j));
                    Activate(y, activation).CopyTo(destination.Slice(i + j));
                }
            }
        }
        // The tail starts on a pattern boundary; without vectors it is the whole row, so j wraps.
        for (int j = 0; i < source.Length; i++, j = j + 1 == period ? 0 : j + 1)
            destination[i] = Activate(source[i] * a[j] + b[j], activation);
    }

    private static Vector256<float> Activate(Vector256<float> y, Activation activation) => activation switch
    {
        Activation.Relu => Vector256.Max(y, Vector256<float>.Zero),
        Activation.Sigmoid => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-y)),
        _ => y,
    };

    private static Vector128<float> Activate(Vector128<float> y, Activation activation) => activation switch
    {
        Activation.Relu => Vector128.Max(y, Vector128<float>.Zero),
        Activation.Sigmoid => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-y)),
        _ => y,
    };

    private static float Activate(float y, Activation activation) => activation switch
    {
        Activation.Relu => MathF.Max(y, 0f),
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-y)),
        _ => y,
    };
}
