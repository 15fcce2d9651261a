using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels;

/// <summary>
/// Per-channel mean and population variance of a channels-last map, in one pass. Sums are taken of
/// <c>x - x[0,0,c]</c> rather than of <c>x</c>: with the first pixel as the origin, the sum of squares no longer
/// cancels catastrophically when a channel's mean is large next to its spread. Each row is summed in float
/// vectors and the rows are combined in double.
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

    public static ChannelStatistics Gather(FeatureMap x, int threads = 1)
    {
        int c = x.Channels;
        float[] origin = ChannelPattern.Tile(x.Data.AsSpan(0, c));
        int period = origin.Length;
        var sum = new double[period];
        var sumSquares = new double[period];
        var gate = new object();

        void Accumulate(int y, RowSums local) => local.Add(x.Row(y), origin);
        if (threads <= 1)
        {
            var local = new RowSums(period);
            for (int y = 0; y < x.Height; y++) Accumulate(y, local);
            local.MergeInto(sum, sumSquares);
        }
        else
        {
            Parallel.For(0, x.Height, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => new RowSums(period),
                (y, _, local) => { Accumulate(y, local); return local; },
                local => { lock (gate) local.MergeInto(sum, sumSquares); });
        }

        var mean = new float[c];
        var variance = new float[c];
        double n = x.Pixels;
        for (int ch = 0; ch < c; ch++)
        {
            double s = 0, s2 = 0;
            for (int j = ch; j < period; j += c) { s += sum[j]; s2 += sumSquares[j]; }
            double shiftedMean = s / n;
            mean[ch] = (float)(origin[ch] + shiftedMean);
            variance[ch] = (float)Math.Max(0, s2 / n - shiftedMean * shiftedMean);
        }
        return new ChannelStatistics(mean, variance);
    }

    private sealed class RowSums(int period)
    {
        private readonly double[] _sum = new double[period];
        private readonly double[] _sumSquares = new double[period];
        private readonly float[] _rowSum = new float[period];
        private readonly float[] _rowSquares = new float[period];

        public void Add(ReadOnlySpan<float> row, float[] origin)
        {
            Array.Clear(_rowSum);
            Array.Clear(_rowSquares);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + period <= row.Length; i += period)
                {
                    for (int j = 0; j < period; j += Vector256<float>.Count)
                    {
                        var d = Vector256.Create(row.Slice(i + j)) - Vector256.Create(origin.AsSpan(j));
                        (Vector256.Create(_rowSum.AsSpan(j)) + d).CopyTo(_rowSum.AsSpan(j));
                        (Vector256.Create(_rowSquares.AsSpan(j)) + d * d).CopyTo(_rowSquares.AsSpan(j));
                    }
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                for (; i + period <= row.Length; i += period)
                {
                    for (int j = 0; j < period; j += Vector128<float>.Count)
                    {
                        var d = Vector128.Create(row.Slice(i + j)) - Vector128.Create(origin.AsSpan(j));
                        (Vector128.Create(_rowSum.AsSpan(j)) + d).CopyTo(_rowSum.AsSpan(j));
                        (Vector128.Create(_rowSquares.AsSpan(j)) + d * d).CopyTo(_rowSquares.AsSpan(j));
                    }
                }
            }
            // The tail starts on a pattern boundary; without vectors it is the whole row, so j wraps.
            for (int j = 0; i < row.Length; i++, j = j + 1 == period ? 0 : j + 1)
            {
                float d = row[i] - origin[j];
                _rowSum[j] += d;
                _rowSquares[j] += d * d;
            }
            for (int j = 0; j < period; j++)
            {
                _sum[j] += _rowSum[j];
                _sumSquares[j] += _rowSquares[j];
            }
        }

        public void MergeInto(double[] sum, double[] sumSquares)
        {
            for (int j = 0; j < sum.Length; j++)
            {
                sum[j] += _sum[j];
                sumSquares[j] += _sumSquares[j];
            }
        }
    }
}
