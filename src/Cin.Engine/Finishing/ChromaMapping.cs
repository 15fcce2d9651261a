using Cin.Engine.Kernels;

namespace Cin.Engine.Finishing;

/// <summary>
/// Histogram matching of the Oklab chroma axes for <see cref="ColorKeeping.Histogram"/>: a monotone map per axis that
/// gives the stylized picture's a (and b) values the photo's distribution, rank for rank.
/// </summary>
internal sealed class ChromaMapping
{
    private ChromaMapping(AxisMapping a, AxisMapping b)
    {
        A = a;
        B = b;
    }

    public AxisMapping A { get; }
    public AxisMapping B { get; }

    public static ChromaMapping Between(FeatureMap source, FeatureMap target, int threads)
    {
        var (sa, sb) = Chroma(source, threads);
        var (ta, tb) = Chroma(target, threads);
        return new ChromaMapping(AxisMapping.Create(sa, ta), AxisMapping.Create(sb, tb));
    }

    private static (float[] A, float[] B) Chroma(FeatureMap rgb, int threads)
    {
        var a = new float[rgb.Pixels];
        var b = new float[rgb.Pixels];
        int width = rgb.Width;
        RowParallel.For(rgb.Height, StrengthMix.RowThreads(rgb.Height, threads), y =>
        {
            Span<float> row = rgb.Row(y);
            for (int x = 0; x < width; x++)
            {
                Oklab.FromSrgb(row[3 * x], row[3 * x + 1], row[3 * x + 2], out _, out float pa, out float pb);
                a[y * width + x] = pa;
                b[y * width + x] = pb;
            }
        });
        return (a, b);
    }

    /// <summary>
    /// Classic CDF matching on 4096-bin histograms: a source value's cumulative rank, read off the target's inverse
    /// cumulative distribution. Bins are interpolated linearly on both sides, so the map is smooth (no posterization)
    /// and exact at the extremes (the source's minimum maps to the target's minimum).
    /// </summary>
    internal sealed class AxisMapping
    {
        private const int Bins = 4096;
        private readonly float _min, _scale;
        private readonly float[] _table; // target value for each source bin edge

        private AxisMapping(float min, float scale, float[] table)
        {
            _min = min;
            _scale = scale;
            _table = table;
        }

        public float Map(float value)
        {
            float position = Math.Clamp((value - _min) * _scale, 0, Bins);
            int i = Math.Min((int)position, Bins - 1);
            float t = position - i;
            return _table[i] + t * (_table[i + 1] - _table[i]);
        }

        public static AxisMapping Create(float[] source, float[] target)
        {
            var (sMin, sMax) = Range(source);
            var (tMin, tMax) = Range(target);
            if (sMax - sMin < 1e-6f || tMax - tMin < 1e-6f)
            {
                // A flat axis (a grey photo, say): every value maps to the target's mean.
                float mean = target.Average();
                return new AxisMapping(sMin, 0, Enumerable.Repeat(mean, Bins + 1).ToArray());
            }
            double[] sCdf = Cdf(source, sMin, sMax);
            double[] tCdf = Cdf(target, tMin, tMax);
            var table = new float[Bins + 1];
            int j = 0;
            for (int i = 0; i <= Bins; i++)
            {
                double p = sCdf[i];
                while (j < Bins && tCdf[j + 1] < p) j++;
                // Between target edges j and j+1 the cumulative share rises from tCdf[j] to tCdf[j+1].
                double span = tCdf[Math.Min(j + 1, Bins)] - tCdf[j];
                double t = span > 0 ? Math.Clamp((p - tCdf[j]) / span, 0, 1) : 0;
                table[i] = (float)(tMin + (j + t) * (tMax - tMin) / Bins);
            }
            return new AxisMapping(sMin, Bins / (sMax - sMin), table);
        }

        /// <summary>The cumulative share of values at or below each of the Bins + 1 bin edges.</summary>
        private static double[] Cdf(float[] values, float min, float max)
        {
            var counts = new long[Bins];
            float scale = Bins / (max - min);
            foreach (float v in values) counts[Math.Clamp((int)((v - min) * scale), 0, Bins - 1)]++;
            var cdf = new double[Bins + 1];
            long total = 0;
            for (int i = 0; i < Bins; i++)
            {
                total += counts[i];
                cdf[i + 1] = total / (double)values.Length;
            }
            return cdf;
        }

        private static (float Min, float Max) Range(float[] values)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (float v in values)
            {
                if (v < min) min = v;
                if (v > max) max = v;
            }
            return (min, max);
        }
    }
}
