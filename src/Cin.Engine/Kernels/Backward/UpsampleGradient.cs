namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The gradient through nearest upsampling by an integer factor: each source pixel was copied into a factor x factor
/// block, so its gradient is the sum of the block's.
/// </summary>
public static class UpsampleGradient
{
    /// <param name="gradient">With respect to the upsampled map.</param>
    /// <param name="result">With respect to the map before upsampling; every value is written.</param>
    public static FeatureMap Apply(FeatureMap gradient, int factor, FeatureMap result, int threads = 1)
    {
        int c = result.Channels, h = result.Height, w = result.Width;
        if (gradient.Height != h * factor || gradient.Width != w * factor || gradient.Channels != c)
            throw new ArgumentException("The gradient must be the result's size scaled by the factor.");
        RowParallel.For(h, ConditionalInstanceNorm.RowThreads(gradient, threads), y =>
        {
            Span<float> target = result.Row(y);
            for (int r = 0; r < factor; r++)
            {
                ReadOnlySpan<float> source = gradient.Row(y * factor + r);
                for (int x = 0; x < w; x++)
                {
                    Span<float> pixel = target.Slice(x * c, c);
                    for (int s = 0; s < factor; s++)
                    {
                        ReadOnlySpan<float> from = source.Slice((x * factor + s) * c, c);
                        if (r == 0 && s == 0) from.CopyTo(pixel);
                        else ResidualAdd.Apply(pixel, from);
                    }
                }
            }
        });
        return result;
    }
}
