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

    public static ChromaMapping Between(FeatureMap source, FeatureMap target, int threads) =>
        Between(PictureRows.Of(source), PictureRows.Of(target), threads);

    /// <summary>
    /// The mapping that gives <paramref name="source"/>'s chroma <paramref name="target"/>'s distribution. The pictures
    /// are read a row at a time, twice each (the range of each axis, then its histogram over that range), so neither
    /// needs to be held as floats.
    /// </summary>
    public static ChromaMapping Between(PictureRows source, PictureRows target, int threads)
    {
        var (sa, sb) = AxisHistogram.Collect(source, threads);
        var (ta, tb) = AxisHistogram.Collect(target, threads);
        return new ChromaMapping(AxisMapping.Create(sa, ta), AxisMapping.Create(sb, tb));
    }

    /// <summary>
    /// Classic CDF matching on 4096-bin histograms: a source value's cumulative rank, read off the target's inverse
    /// cumulative distribution. Bins are interpolated linearly on both sides, so the map is smooth (no posterization)
    /// and exact at the extremes (the source's minimum maps to the target's minimum).
    /// </summary>
    internal sealed class AxisMapping
    {
        internal const int Bins = 4096;
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

        public static AxisMapping Create(AxisHistogram source, AxisHistogram target)
        {
            var (sMin, sMax) = (source.Min, source.Max);
            var (tMin, tMax) = (target.Min, target.Max);
            if (sMax - sMin < 1e-6f || tMax - tMin < 1e-6f)
            {
                // A flat axis (a grey photo, say): every value maps to the target's mean.
                float mean = target.Mean;
                return new AxisMapping(sMin, 0, Enumerable.Repeat(mean, Bins + 1).ToArray());
            }
            double[] sCdf = source.Cdf();
            double[] tCdf = target.Cdf();
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
    }

    /// <summary>
    /// One picture's distribution of Oklab a and b: each axis's range and mean, and its counts in
    /// <see cref="AxisMapping.Bins"/> equal bins over that range.
    /// </summary>
    internal sealed class AxisHistogram
    {
        private readonly long[] _counts = new long[AxisMapping.Bins];

        public float Min { get; private set; } = float.PositiveInfinity;
        public float Max { get; private set; } = float.NegativeInfinity;
        public long Count { get; private set; }
        private double _sum;

        public float Mean => (float)(_sum / Count);

        /// <summary>The cumulative share of values at or below each of the Bins + 1 bin edges.</summary>
        public double[] Cdf()
        {
            var cdf = new double[AxisMapping.Bins + 1];
            long total = 0;
            for (int i = 0; i < AxisMapping.Bins; i++)
            {
                total += _counts[i];
                cdf[i + 1] = total / (double)Count;
            }
            return cdf;
        }

        /// <summary>Both axes of a picture, in two passes over its rows: the ranges, then the counts.</summary>
        public static (AxisHistogram A, AxisHistogram B) Collect(PictureRows picture, int threads)
        {
            var a = new AxisHistogram();
            var b = new AxisHistogram();
            var gate = new object();
            ForRows(picture, threads, () => (new AxisHistogram(), new AxisHistogram()), (local, chroma) =>
            {
                local.Item1.Extend(chroma.A);
                local.Item2.Extend(chroma.B);
            }, local =>
            {
                lock (gate)
                {
                    a.Merge(local.Item1);
                    b.Merge(local.Item2);
                }
            });
            float scaleA = AxisMapping.Bins / (a.Max - a.Min), scaleB = AxisMapping.Bins / (b.Max - b.Min);
            ForRows(picture, threads, () => (new long[AxisMapping.Bins], new long[AxisMapping.Bins]), (local, chroma) =>
            {
                Tally(chroma.A, a.Min, scaleA, local.Item1);
                Tally(chroma.B, b.Min, scaleB, local.Item2);
            }, local =>
            {
                lock (gate)
                {
                    for (int i = 0; i < AxisMapping.Bins; i++)
                    {
                        a._counts[i] += local.Item1[i];
                        b._counts[i] += local.Item2[i];
                    }
                }
            });
            return (a, b);
        }

        private void Extend(ReadOnlySpan<float> values)
        {
            foreach (float v in values)
            {
                if (v < Min) Min = v;
                if (v > Max) Max = v;
                _sum += v;
            }
            Count += values.Length;
        }

        private void Merge(AxisHistogram other)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
            _sum += other._sum;
            Count += other.Count;
        }

        private static void Tally(ReadOnlySpan<float> values, float min, float scale, long[] counts)
        {
            foreach (float v in values) counts[Math.Clamp((int)((v - min) * scale), 0, AxisMapping.Bins - 1)]++;
        }

        private readonly ref struct RowChroma(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            public ReadOnlySpan<float> A { get; } = a;
            public ReadOnlySpan<float> B { get; } = b;
        }

        private delegate void RowWork<TLocal>(TLocal local, RowChroma chroma);

        /// <summary>
        /// Runs <paramref name="work"/> on every row's Oklab a and b, in parallel with per-thread state merged at the
        /// end (counts, minima and maxima merge exactly in any order).
        /// </summary>
        private static void ForRows<TLocal>(PictureRows picture, int threads, Func<TLocal> create, RowWork<TLocal> work, Action<TLocal> merge)
        {
            int width = picture.Width;
            Parallel.For(0, picture.Height,
                new ParallelOptions { MaxDegreeOfParallelism = StrengthMix.RowThreads(picture.Height, threads) },
                () => (State: create(), Rgb: new float[3 * width], A: new float[width], B: new float[width]),
                (y, loop, local) =>
                {
                    picture.Read(y, local.Rgb);
                    for (int x = 0; x < width; x++)
                        Oklab.FromSrgb(local.Rgb[3 * x], local.Rgb[3 * x + 1], local.Rgb[3 * x + 2], out _, out local.A[x], out local.B[x]);
                    work(local.State, new RowChroma(local.A, local.B));
                    return local;
                },
                local => merge(local.State));
        }
    }
}

/// <summary>Writes row <paramref name="y"/> of a picture, sRGB-encoded RGB in [0,1], width x 3 floats, into <paramref name="destination"/>.</summary>
internal delegate void RgbRowReader(int y, Span<float> destination);

/// <summary>A picture read a row at a time (a float map, or 16-bit pixels converted as they are read).</summary>
internal readonly record struct PictureRows(int Height, int Width, RgbRowReader Read)
{
    public static PictureRows Of(FeatureMap rgb) => new(rgb.Height, rgb.Width, (y, destination) => rgb.Row(y).CopyTo(destination));
}
