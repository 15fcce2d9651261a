namespace Cin.Engine.Learning;

/// <summary>
/// Total variation of an RGB image: mean |x[y+1] - x[y]| over all vertical neighbour pairs and channels, plus the same
/// horizontally. The gradient of |d| is sign(d), and 0 where d is 0 (as autograd's).
/// </summary>
public static class TotalVariation
{
    /// <summary>The loss; writes <paramref name="weight"/> x its gradient into <paramref name="gradient"/> (overwritten).</summary>
    public static double Loss(FeatureMap rgb, FeatureMap gradient, double weight)
    {
        int h = rgb.Height, w = rgb.Width, c = rgb.Channels, stride = w * c;
        ReadOnlySpan<float> x = rgb.Span;
        Span<float> g = gradient.Span;
        g.Clear();
        double vertical = 0, horizontal = 0;
        long verticalCount = (long)(h - 1) * stride, horizontalCount = (long)h * (w - 1) * c;
        float gv = verticalCount > 0 ? (float)(weight / verticalCount) : 0, gh = horizontalCount > 0 ? (float)(weight / horizontalCount) : 0;
        for (int y = 0; y < h; y++)
        {
            int row = y * stride;
            for (int i = 0; i < stride; i++)
            {
                int at = row + i;
                if (y + 1 < h)
                {
                    float d = x[at + stride] - x[at];
                    vertical += Math.Abs(d);
                    float s = MathF.Sign(d) * gv;
                    g[at + stride] += s;
                    g[at] -= s;
                }
                if (i + c < stride)
                {
                    float d = x[at + c] - x[at];
                    horizontal += Math.Abs(d);
                    float s = MathF.Sign(d) * gh;
                    g[at + c] += s;
                    g[at] -= s;
                }
            }
        }
        return (verticalCount > 0 ? vertical / verticalCount : 0) + (horizontalCount > 0 ? horizontal / horizontalCount : 0);
    }
}
