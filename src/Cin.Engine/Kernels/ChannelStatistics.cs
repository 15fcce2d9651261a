using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels;

/// <summary>
/// Per-channel mean and population variance of a channels-last map. The statistics are gathered region by region
/// (a row, or the pixels of a strip of tiles) as a convolution writes them, while they are still in cache, so the
/// norm that follows needs one pass over memory, not two. Within a region, sums are taken in float vectors of
/// <c>x - origin</c>, the region's first pixel; with that origin the sum of squares does not cancel catastrophically
/// when a channel's mean is large next to its spread. Regions are merged in double with Chan's pairwise formula.
/// </summary>
public sealed class ChannelStatistics
{
    private ChannelStatistics(float[] mean, float[] variance)
    {
        Mean = mean;
        Variance = variance;
    }

    public float[] Mean { get; }
    public float[] Variance { get; }

    /// <summary>The statistics of a whole map, row by row.</summary>
    public static ChannelStatistics Gather(FeatureMap x, int threads = 1)
    {
        var accumulator = new Accumulator(x.Channels);
        if (threads <= 1)
        {
            for (int y = 0; y < x.Height; y++) accumulator.Add(x.Row(y));
        }
        else
        {
            Parallel.For(0, x.Height, new ParallelOptions { MaxDegreeOfParallelism = threads }, y => accumulator.Add(x.Row(y)));
        }
        return accumulator.Finish();
    }

    /// <summary>
    /// Collects disjoint regions of one map from any number of threads. Each region's sums are kept until
    /// <see cref="Finish"/>, which merges them in the order the regions lie in the map (by address), so the result has
    /// the same bits whichever thread added which region first.
    /// </summary>
    public sealed unsafe class Accumulator
    {
        private readonly int _channels;
        private readonly int _period;
        private readonly object _gate = new();

        // Per region: its address and pixel count in _keys, its per-channel mean and sum of squared deviations in
        // _moments. Both are rented and grown by doubling, so a layer's thousands of rows allocate nothing lasting.
        private long[] _keys = ArrayPool<long>.Shared.Rent(2 * 64);
        private double[] _moments;
        private int _regions;

        [ThreadStatic] private static float[]? t_scratch;

        public Accumulator(int channels)
        {
            if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels));
            _channels = channels;
            _period = ChannelPattern.Period(channels);
            _moments = ArrayPool<double>.Shared.Rent(2 * channels * 64);
        }

        public int Channels => _channels;

        /// <summary>Adds whole pixels, channels-last and contiguous.</summary>
        public void Add(ReadOnlySpan<float> pixels)
        {
            int c = _channels, period = _period;
            if (pixels.Length % c != 0) throw new ArgumentException($"A region holds whole pixels of {c} channels.", nameof(pixels));
            int n = pixels.Length / c;
            if (n == 0) return;
            float[] scratch = t_scratch is { } cached && cached.Length >= 3 * period ? cached : (t_scratch = new float[3 * period]);
            Span<float> origin = scratch.AsSpan(0, period), sum = scratch.AsSpan(period, period), squares = scratch.AsSpan(2 * period, period);
            for (int j = 0; j < period; j++) origin[j] = pixels[j % c];
            sum.Clear();
            squares.Clear();
            SumDeviations(pixels, origin, sum, squares);

            Span<double> s = c <= 256 ? stackalloc double[c] : new double[c];
            Span<double> s2 = c <= 256 ? stackalloc double[c] : new double[c];
            s.Clear();
            s2.Clear();
            for (int j = 0; j < period; j++)
            {
                s[j % c] += sum[j];
                s2[j % c] += squares[j];
            }
            long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(pixels));
            lock (_gate)
            {
                if (_keys.Length == 0) throw new InvalidOperationException("The statistics were already finished.");
                if (2 * (_regions + 1) > _keys.Length) _keys = Grow(_keys);
                if (2 * c * (_regions + 1) > _moments.Length) _moments = Grow(_moments);
                _keys[2 * _regions] = address;
                _keys[2 * _regions + 1] = n;
                Span<double> moments = _moments.AsSpan(2 * c * _regions, 2 * c);
                for (int ch = 0; ch < c; ch++)
                {
                    double shifted = s[ch] / n;
                    moments[ch] = origin[ch] + shifted;
                    moments[c + ch] = Math.Max(0, s2[ch] - s[ch] * shifted);
                }
                _regions++;
            }
        }

        private static T[] Grow<T>(T[] rented)
        {
            T[] larger = ArrayPool<T>.Shared.Rent(2 * rented.Length);
            rented.CopyTo(larger, 0);
            ArrayPool<T>.Shared.Return(rented);
            return larger;
        }

        /// <summary>The statistics of every region added; the accumulator takes no more regions after.</summary>
        public ChannelStatistics Finish()
        {
            if (_keys.Length == 0) throw new InvalidOperationException("The statistics were already finished.");
            if (_regions == 0) throw new InvalidOperationException("No pixels were added.");
            int c = _channels;
            var order = new int[_regions];
            for (int r = 0; r < order.Length; r++) order[r] = r;
            long[] keys = _keys;
            Array.Sort(order, (a, b) => keys[2 * a].CompareTo(keys[2 * b]));
            double[] mean = new double[c], m2 = new double[c];
            long count = 0;
            foreach (int r in order)
            {
                // Chan's pairwise update: the running set and the region, each with its own mean.
                long regionCount = keys[2 * r + 1], n = count + regionCount;
                ReadOnlySpan<double> moments = _moments.AsSpan(2 * c * r, 2 * c);
                for (int ch = 0; ch < c; ch++)
                {
                    double delta = moments[ch] - mean[ch];
                    mean[ch] += delta * regionCount / n;
                    m2[ch] += moments[c + ch] + delta * delta * ((double)count * regionCount / n);
                }
                count = n;
            }
            ArrayPool<long>.Shared.Return(_keys);
            ArrayPool<double>.Shared.Return(_moments);
            _keys = [];
            _moments = [];
            _regions = 0;
            var means = new float[c];
            var variances = new float[c];
            for (int ch = 0; ch < c; ch++)
            {
                means[ch] = (float)mean[ch];
                variances[ch] = (float)(m2[ch] / count);
            }
            return new ChannelStatistics(means, variances);
        }

        /// <summary>
        /// The same sums for a pattern of whole 32-float slabs (32, 64 or 128 channels, the large layers): each slab is
        /// summed across the region in registers, where the general loop goes through memory for every vector.
        /// </summary>
        private static void SumDeviationsBySlab(ReadOnlySpan<float> row, ReadOnlySpan<float> origin, Span<float> sum, Span<float> squares)
        {
            int period = origin.Length;
            ref float first = ref MemoryMarshal.GetReference(row);
            for (int slab = 0; slab < period; slab += 32)
            {
                var o0 = Vector256.Create(origin.Slice(slab)); var o1 = Vector256.Create(origin.Slice(slab + 8));
                var o2 = Vector256.Create(origin.Slice(slab + 16)); var o3 = Vector256.Create(origin.Slice(slab + 24));
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector256<float> q0 = default, q1 = default, q2 = default, q3 = default;
                for (int i = slab; i < row.Length; i += period)
                {
                    var d0 = Vector256.LoadUnsafe(ref first, (nuint)i) - o0;
                    var d1 = Vector256.LoadUnsafe(ref first, (nuint)(i + 8)) - o1;
                    var d2 = Vector256.LoadUnsafe(ref first, (nuint)(i + 16)) - o2;
                    var d3 = Vector256.LoadUnsafe(ref first, (nuint)(i + 24)) - o3;
                    s0 += d0; s1 += d1; s2 += d2; s3 += d3;
                    q0 += d0 * d0; q1 += d1 * d1; q2 += d2 * d2; q3 += d3 * d3;
                }
                s0.CopyTo(sum.Slice(slab)); s1.CopyTo(sum.Slice(slab + 8)); s2.CopyTo(sum.Slice(slab + 16)); s3.CopyTo(sum.Slice(slab + 24));
                q0.CopyTo(squares.Slice(slab)); q1.CopyTo(squares.Slice(slab + 8));
                q2.CopyTo(squares.Slice(slab + 16)); q3.CopyTo(squares.Slice(slab + 24));
            }
        }

        private static void SumDeviations(ReadOnlySpan<float> row, ReadOnlySpan<float> origin, Span<float> sum, Span<float> squares)
        {
            int period = origin.Length, i = 0;
            if (Vector256.IsHardwareAccelerated && period % 32 == 0 && row.Length % period == 0)
            {
                SumDeviationsBySlab(row, origin, sum, squares);
                return;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + period <= row.Length; i += period)
                {
                    for (int j = 0; j < period; j += Vector256<float>.Count)
                    {
                        var d = Vector256.Create(row.Slice(i + j)) - Vector256.Create(origin.Slice(j));
                        (Vector256.Create(sum.Slice(j)) + d).CopyTo(sum.Slice(j));
                        (Vector256.Create(squares.Slice(j)) + d * d).CopyTo(squares.Slice(j));
                    }
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                for (; i + period <= row.Length; i += period)
                {
                    for (int j = 0; j < period; j += Vector128<float>.Count)
                    {
                        var d = Vector128.Create(row.Slice(i + j)) - Vector128.Create(origin.Slice(j));
                        (Vector128.Create(sum.Slice(j)) + d).CopyTo(sum.Slice(j));
                        (Vector128.Create(squares.Slice(j)) + d * d).CopyTo(squares.Slice(j));
                    }
                }
            }
            // The tail starts on a pattern boundary; without vectors it is the whole row, so j wraps.
            for (int j = 0; i < row.Length; i++, j = j + 1 == period ? 0 : j + 1)
            {
                float d = row[i] - origin[j];
                sum[j] += d;
                squares[j] += d * d;
            }
        }
    }
}
