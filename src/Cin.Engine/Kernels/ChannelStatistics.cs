using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cin.Engine.Simd;

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
        RowParallel.For(x.Height, threads, y => accumulator.Add(x.Row(y)));
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

        // Regions outside [_keepFrom, _keepTo) are ignored: a streamed band computes rows at its edges that it then
        // throws away, and only the rows it keeps may count (see KeepOnly).
        private long _keepFrom, _keepTo = long.MaxValue, _keyShift;

        /// <summary>
        /// Counts from now on only regions that start at an address in [<paramref name="from"/>, <paramref name="to"/>):
        /// the kept rows of a band, in a buffer that does not move (pinned). Each region is ordered as if at its address
        /// plus <paramref name="keyShift"/>: its place in the whole map, so that regions merge in the order, and with
        /// the rounding, of a whole-map run. Set between kernel runs, not during one.
        /// </summary>
        internal void KeepOnly(nint from, nint to, long keyShift)
        {
            _keepFrom = from;
            _keepTo = to;
            _keyShift = keyShift;
        }

        /// <summary>Adds whole pixels, channels-last and contiguous.</summary>
        public void Add(ReadOnlySpan<float> pixels)
        {
            int c = _channels, period = _period;
            if (pixels.Length % c != 0) throw new ArgumentException($"A region holds whole pixels of {c} channels.", nameof(pixels));
            int n = pixels.Length / c;
            if (n == 0) return;
            long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(pixels));
            if (address < _keepFrom || address >= _keepTo) return;
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
            lock (_gate)
            {
                if (_keys.Length == 0) throw new InvalidOperationException("The statistics were already finished.");
                if (2 * (_regions + 1) > _keys.Length) _keys = Grow(_keys);
                if (2 * c * (_regions + 1) > _moments.Length) _moments = Grow(_moments);
                _keys[2 * _regions] = address + _keyShift;
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
        /// Adds each value's deviation from <paramref name="origin"/>, and its square, into the lane of the pattern it
        /// falls on: <c>sum[j] += d</c>, <c>squares[j] += d * d</c> for <c>d = row[i] - origin[j]</c>, <c>j = i mod period</c>.
        /// </summary>
        internal static void SumDeviations(ReadOnlySpan<float> row, ReadOnlySpan<float> origin, Span<float> sum, Span<float> squares)
        {
            var kernel = new SumDeviationsKernel(row, origin, sum, squares);
            SimdDispatch.Run(ChannelPattern.VectorStep(origin.Length), ref kernel);
        }

        private readonly ref struct SumDeviationsKernel(ReadOnlySpan<float> row, ReadOnlySpan<float> origin, Span<float> sum, Span<float> squares)
            : ISimdKernel
        {
            private readonly ReadOnlySpan<float> _row = row, _origin = origin;
            private readonly Span<float> _sum = sum, _squares = squares;

            public void Run<T>() where T : unmanaged, ISimd<T> => SumDeviations<T>(_row, _origin, _sum, _squares);
        }

        /// <summary>
        /// The sums on one strategy. Each lane adds its values in row order, squares rounded apart from the sum, so
        /// every strategy, the slabs and the scalar tail give the same bits.
        /// </summary>
        internal static void SumDeviations<T>(ReadOnlySpan<float> row, ReadOnlySpan<float> origin, Span<float> sum, Span<float> squares)
            where T : unmanaged, ISimd<T>
        {
            int period = origin.Length, length = row.Length;
            if (period % T.Count != 0) throw new ArgumentException($"A pattern of {period} floats is not whole vectors of {T.Count}.");
            if (sum.Length < period || squares.Length < period) throw new ArgumentException("The sums need one value per lane of the pattern.");
            // Whole patterns go by vectors; the tail, a part pattern, by single floats from the pattern's start.
            int whole = length - length % period;
            fixed (float* values = row, o = origin, s = sum, q = squares)
            {
                if (period % (ChannelPattern.SlabVectors * T.Count) == 0)
                {
                    for (int slab = 0; slab < period; slab += ChannelPattern.SlabVectors * T.Count)
                        SumSlab<T>(values, whole, period, slab, o, s, q);
                }
                else
                {
                    for (int i = 0; i < whole; i += period)
                        for (int j = 0; j < period; j += T.Count)
                        {
                            T d = T.Subtract(T.Load(values + i + j), T.Load(o + j));
                            T.Store(T.Add(T.Load(s + j), d), s + j);
                            T.Store(T.Add(T.Load(q + j), T.Multiply(d, d)), q + j);
                        }
                }
                for (int i = whole, j = 0; i < length; i++, j++)
                {
                    float d = values[i] - o[j];
                    s[j] += d;
                    q[j] += d * d;
                }
            }
        }

        /// <summary>One slab of the pattern, summed down every whole pattern of the row in registers.</summary>
        private static void SumSlab<T>(float* values, int whole, int period, int slab, float* origin, float* sum, float* squares)
            where T : unmanaged, ISimd<T>
        {
            int n = T.Count;
            T o0 = T.Load(origin + slab), o1 = T.Load(origin + slab + n), o2 = T.Load(origin + slab + 2 * n), o3 = T.Load(origin + slab + 3 * n);
            T s0 = T.Load(sum + slab), s1 = T.Load(sum + slab + n), s2 = T.Load(sum + slab + 2 * n), s3 = T.Load(sum + slab + 3 * n);
            T q0 = T.Load(squares + slab), q1 = T.Load(squares + slab + n), q2 = T.Load(squares + slab + 2 * n), q3 = T.Load(squares + slab + 3 * n);
            // A pointer that steps a pattern at a time: every load is then a constant offset from it.
            float* end = values + whole;
            for (float* x = values + slab; x < end; x += period)
            {
                T d0 = T.Subtract(T.Load(x), o0), d1 = T.Subtract(T.Load(x + n), o1);
                T d2 = T.Subtract(T.Load(x + 2 * n), o2), d3 = T.Subtract(T.Load(x + 3 * n), o3);
                s0 = T.Add(s0, d0); s1 = T.Add(s1, d1); s2 = T.Add(s2, d2); s3 = T.Add(s3, d3);
                q0 = T.Add(q0, T.Multiply(d0, d0)); q1 = T.Add(q1, T.Multiply(d1, d1));
                q2 = T.Add(q2, T.Multiply(d2, d2)); q3 = T.Add(q3, T.Multiply(d3, d3));
            }
            T.Store(s0, sum + slab); T.Store(s1, sum + slab + n); T.Store(s2, sum + slab + 2 * n); T.Store(s3, sum + slab + 3 * n);
            T.Store(q0, squares + slab); T.Store(q1, squares + slab + n); T.Store(q2, squares + slab + 2 * n); T.Store(q3, squares + slab + 3 * n);
        }
    }
}
