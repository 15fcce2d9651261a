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
    /// Collects regions of a map from any number of threads. The merge order follows the threads, so with more than
    /// one the last bits can differ from run to run; the regions' own sums do not.
    /// </summary>
    public sealed class Accumulator
    {
        private readonly int _channels;
        private readonly int _period;
        private readonly double[] _mean;
        private readonly double[] _m2;
        private readonly object _gate = new();
        private long _count;

        [ThreadStatic] private static float[]? t_scratch;

        public Accumulator(int channels)
        {
            if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels));
            _channels = channels;
            _period = ChannelPattern.Period(channels);
            _mean = new double[channels];
            _m2 = new double[channels];
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
            lock (_gate)
            {
                long total = _count + n;
                for (int ch = 0; ch < c; ch++)
                {
                    double shifted = s[ch] / n;
                    double mean = origin[ch] + shifted;
                    double m2 = Math.Max(0, s2[ch] - s[ch] * shifted);
                    double delta = mean - _mean[ch];
                    _mean[ch] += delta * n / total;
                    _m2[ch] += m2 + delta * delta * ((double)_count * n / total);
                }
                _count = total;
            }
        }

        public ChannelStatistics Finish()
        {
            if (_count == 0) throw new InvalidOperationException("No pixels were added.");
            var mean = new float[_channels];
            var variance = new float[_channels];
            for (int ch = 0; ch < _channels; ch++)
            {
                mean[ch] = (float)_mean[ch];
                variance[ch] = (float)(_m2[ch] / _count);
            }
            return new ChannelStatistics(mean, variance);
        }

        private static void SumDeviations(ReadOnlySpan<float> row, ReadOnlySpan<float> origin, Span<float> sum, Span<float> squares)
        {
            int period = origin.Length, i = 0;
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
