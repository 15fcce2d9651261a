using System.Numerics;
using System.Runtime.InteropServices;

namespace Cin.Engine.Video;

/// <summary>
/// Moves an RGB map by a fraction of a pixel: output(y, x) = map(y - dy, x - dx), with the Catmull-Rom cubic (the
/// interpolating cubic <see cref="Imaging.Resampling"/> enlarges with), edges repeated. Separable: rows, then columns.
/// Both passes are four-tap sums of shifted runs of floats: in a row, the taps of channel k of pixel x are the
/// channel-k values 3 floats apart, so the interior of a row is the same weighted sum as a column's.
/// </summary>
public static class SubpixelShift
{
    public static FeatureMap Apply(FeatureMap map, float dy, float dx, int threads = 1)
    {
        var across = dx == 0 ? map : Pass(map, dx, horizontal: true, threads);
        return dy == 0 ? across : Pass(across, dy, horizontal: false, threads);
    }

    /// <summary>The four Catmull-Rom weights for the samples at floor(p)-1 .. floor(p)+2 of a position p.</summary>
    internal static (int Whole, float W0, float W1, float W2, float W3) Weights(float shift)
    {
        float position = -shift;
        int whole = (int)MathF.Floor(position);
        float t = position - whole, t2 = t * t, t3 = t2 * t;
        return (whole, 0.5f * (-t3 + 2 * t2 - t), 0.5f * (3 * t3 - 5 * t2 + 2), 0.5f * (-3 * t3 + 4 * t2 + t), 0.5f * (t3 - t2));
    }

    private static FeatureMap Pass(FeatureMap map, float shift, bool horizontal, int threads)
    {
        int height = map.Height, width = map.Width, c = map.Channels;
        var (whole, w0, w1, w2, w3) = Weights(shift);
        var output = FeatureMap.Uninitialized(height, width, c);
        Rows.For(height, threads, y =>
        {
            Span<float> to = output.Row(y);
            if (horizontal)
            {
                ReadOnlySpan<float> from = map.Row(y);
                // Pixels whose four taps all lie inside the row.
                int first = Math.Clamp(1 - whole, 0, width), last = Math.Clamp(width - 2 - whole, first, width);
                for (int x = 0; x < width; x++)
                {
                    if (x == first && last > first)
                    {
                        int start = (x + whole - 1) * c, n = (last - first) * c;
                        Taps(from.Slice(start, n), from.Slice(start + c, n), from.Slice(start + 2 * c, n), from.Slice(start + 3 * c, n),
                            w0, w1, w2, w3, to.Slice(x * c, n));
                        x = last - 1;
                        continue;
                    }
                    int a = Math.Clamp(x + whole - 1, 0, width - 1), b = Math.Clamp(x + whole, 0, width - 1);
                    int d = Math.Clamp(x + whole + 1, 0, width - 1), e = Math.Clamp(x + whole + 2, 0, width - 1);
                    for (int k = 0; k < c; k++)
                        to[x * c + k] = w0 * from[a * c + k] + w1 * from[b * c + k] + w2 * from[d * c + k] + w3 * from[e * c + k];
                }
            }
            else
            {
                Taps(map.Row(Math.Clamp(y + whole - 1, 0, height - 1)), map.Row(Math.Clamp(y + whole, 0, height - 1)),
                    map.Row(Math.Clamp(y + whole + 1, 0, height - 1)), map.Row(Math.Clamp(y + whole + 2, 0, height - 1)), w0, w1, w2, w3, to);
            }
        });
        return output;
    }

    /// <summary>to[i] = w0 a[i] + w1 b[i] + w2 d[i] + w3 e[i]; all five the same length.</summary>
    internal static void Taps(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> d, ReadOnlySpan<float> e,
        float w0, float w1, float w2, float w3, Span<float> to)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && to.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(d);
            var ve = MemoryMarshal.Cast<float, Vector<float>>(e);
            var vt = MemoryMarshal.Cast<float, Vector<float>>(to);
            for (int v = 0; v < vt.Length; v++) vt[v] = w0 * va[v] + w1 * vb[v] + w2 * vd[v] + w3 * ve[v];
            i = vt.Length * Vector<float>.Count;
        }
        for (; i < to.Length; i++) to[i] = w0 * a[i] + w1 * b[i] + w2 * d[i] + w3 * e[i];
    }
}
