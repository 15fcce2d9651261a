namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// Places a map's pixels <c>stride</c> apart, from a margin, into an otherwise zero map:
/// <c>target[margin + stride*y][margin + stride*x] = source[y][x]</c>. With the margin the kernel's reach (k - 1),
/// a stride-1 convolution over the result is the full correlation a convolution's data gradient is; with stride 2,
/// the zeros between the pixels stand for the positions the strided forward skipped.
/// </summary>
public static class StridedScatter
{
    public static FeatureMap Apply(FeatureMap source, int stride, int margin, FeatureMap target, int threads = 1)
    {
        int c = source.Channels, h = source.Height, w = source.Width;
        if (target.Channels != c || margin < 0 || stride < 1
            || margin + stride * (h - 1) >= target.Height || margin + stride * (w - 1) >= target.Width)
            throw new ArgumentException("The target does not hold the spread-out source.");
        RowParallel.For(target.Height, ConditionalInstanceNorm.RowThreads(target, threads), row =>
        {
            Span<float> to = target.Row(row);
            int offset = row - margin;
            if (offset < 0 || offset % stride != 0 || offset / stride >= h)
            {
                to.Clear();
                return;
            }
            ReadOnlySpan<float> from = source.Row(offset / stride);
            to.Slice(0, margin * c).Clear();
            if (stride == 1)
            {
                from.CopyTo(to.Slice(margin * c));
                to.Slice((margin + w) * c).Clear();
                return;
            }
            to.Slice(margin * c).Clear();
            for (int x = 0; x < w; x++)
                from.Slice(x * c, c).CopyTo(to.Slice((margin + stride * x) * c, c));
        });
        return target;
    }
}
