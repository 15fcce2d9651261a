using System.Numerics;

namespace Cin.Engine.Learning;

/// <summary>
/// Total variation of an RGB image: mean |x[y+1] - x[y]| over all vertical neighbour pairs and channels, plus the same
/// horizontally. The gradient of |d| is sign(d), and 0 where d is 0 (as autograd's).
/// <para>
/// Row by row, in vectors: each row's differences and their signed gradients go into a scratch row first, then onto
/// the gradient, because a horizontal pair's two ends lie one pixel (three floats) apart and a vector's writes to both
/// would overlap the next vector's. Each row's absolute differences are summed in float, the rows in double.
/// </para>
/// </summary>
public static class TotalVariation
{
    /// <summary>The loss; writes <paramref name="weight"/> x its gradient into <paramref name="gradient"/> (overwritten).</summary>
    public static double Loss(FeatureMap rgb, FeatureMap gradient, double weight)
    {
        int h = rgb.Height, w = rgb.Width, c = rgb.Channels, stride = w * c;
        if (gradient.Length != rgb.Length) throw new ArgumentException("The gradient must have the image's shape.", nameof(gradient));
        ReadOnlySpan<float> x = rgb.Span;
        Span<float> g = gradient.Span;
        g.Clear();
        long verticalCount = (long)(h - 1) * stride, horizontalCount = (long)h * (w - 1) * c;
        float gv = verticalCount > 0 ? (float)(weight / verticalCount) : 0, gh = horizontalCount > 0 ? (float)(weight / horizontalCount) : 0;
        float[] signs = System.Buffers.ArrayPool<float>.Shared.Rent(stride);
        double vertical = 0, horizontal = 0;
        try
        {
            Span<float> s = signs.AsSpan(0, stride);
            for (int y = 0; y < h; y++)
            {
                ReadOnlySpan<float> row = x.Slice(y * stride, stride);
                Span<float> here = g.Slice(y * stride, stride);
                if (y + 1 < h)
                {
                    // Pair (y, y+1): the lower pixel gains the signed weight, the upper loses it.
                    vertical += Differences(row, x.Slice((y + 1) * stride, stride), gv, s);
                    Subtract(here, s);
                    Kernels.ResidualAdd.Apply(g.Slice((y + 1) * stride, stride), s);
                }
                if (w > 1)
                {
                    // Pair (x, x+1) along the row: pixel x+1 gains, pixel x loses.
                    int n = stride - c;
                    horizontal += Differences(row[..n], row[c..], gh, s[..n]);
                    Subtract(here[..n], s[..n]);
                    Kernels.ResidualAdd.Apply(here[c..], s[..n]);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(signs);
        }
        return (verticalCount > 0 ? vertical / verticalCount : 0) + (horizontalCount > 0 ? horizontal / horizontalCount : 0);
    }

    /// <summary>
    /// <c>sign(b - a) * step</c> into <paramref name="signs"/> (0 where they are equal); returns the sum of |b - a|.
    /// </summary>
    private static float Differences(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float step, Span<float> signs)
    {
        int i = 0, n = a.Length;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var total = Vector<float>.Zero;
            var magnitude = new Vector<float>(step);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var d = new Vector<float>(b[i..]) - new Vector<float>(a[i..]);
                total += Vector.Abs(d);
                var signed = Vector.CopySign(magnitude, d);
                Vector.ConditionalSelect(Vector.Equals(d, Vector<float>.Zero), Vector<float>.Zero, signed).CopyTo(signs[i..]);
            }
            sum = Vector.Sum(total);
        }
        for (; i < n; i++)
        {
            float d = b[i] - a[i];
            sum += Math.Abs(d);
            signs[i] = MathF.Sign(d) * step;
        }
        return sum;
    }

    private static void Subtract(Span<float> target, ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(target[i..]) - new Vector<float>(values[i..])).CopyTo(target[i..]);
        for (; i < target.Length; i++) target[i] -= values[i];
    }
}
