namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The gradient through reflect padding: each padded position was a copy of the input pixel it reflects, so its
/// gradient is added back onto that pixel (<see cref="ReflectIndex.Fold"/>). Gathered per output row, so rows can go
/// to threads without two writing one pixel.
/// </summary>
public static class ReflectPadGradient
{
    /// <param name="padded">
    /// The gradient with respect to the padded map, found in <paramref name="padded"/> from row and column
    /// <paramref name="offset"/>: padded position (py, px) is at (offset + py, offset + px).
    /// </param>
    /// <param name="pad">The padding on every side; the padded map is (h + 2 pad) x (w + 2 pad).</param>
    /// <param name="result">The gradient with respect to the h x w map; every value is written.</param>
    public static FeatureMap Apply(FeatureMap padded, int offset, int pad, FeatureMap result, int threads = 1)
    {
        int c = result.Channels, h = result.Height, w = result.Width;
        if (padded.Channels != c || offset + h + 2 * pad > padded.Height || offset + w + 2 * pad > padded.Width)
            throw new ArgumentException("The padded gradient does not hold the padded map.");
        // For each row of the result, the padded rows that are copies of it.
        var sources = new List<int>[h];
        for (int y = 0; y < h; y++) sources[y] = new List<int>(3);
        for (int py = 0; py < h + 2 * pad; py++) sources[ReflectIndex.Fold(py - pad, h)].Add(py);
        RowParallel.For(h, ConditionalInstanceNorm.RowThreads(padded, threads), y =>
        {
            Span<float> target = result.Row(y);
            bool first = true;
            foreach (int py in sources[y])
            {
                ReadOnlySpan<float> row = padded.Row(offset + py).Slice(offset * c);
                ReadOnlySpan<float> interior = row.Slice(pad * c, w * c);
                if (first) interior.CopyTo(target);
                else ResidualAdd.Apply(target, interior);
                first = false;
                for (int px = 0; px < pad; px++)
                {
                    ResidualAdd.Apply(target.Slice(ReflectIndex.Fold(px - pad, w) * c, c), row.Slice(px * c, c));
                    int right = pad + w + px;
                    ResidualAdd.Apply(target.Slice(ReflectIndex.Fold(right - pad, w) * c, c), row.Slice(right * c, c));
                }
            }
        });
        return result;
    }
}
