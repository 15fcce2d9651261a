using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cin.Engine.Video;

/// <summary>
/// One frame's luminance, row-major floats, for motion estimation: a third of the data of the RGB frame, and the
/// channel in which a camera move shows most plainly.
/// </summary>
public sealed class LumaPlane
{
    public LumaPlane(int height, int width, float[] data)
    {
        if (data.Length < (long)height * width) throw new ArgumentException("The buffer is smaller than height * width.", nameof(data));
        Height = height;
        Width = width;
        Data = data;
    }

    public int Height { get; }
    public int Width { get; }
    public float[] Data { get; }

    public ReadOnlySpan<float> Row(int y) => Data.AsSpan(y * Width, Width);

    /// <summary>Rec. 709 weights on the sRGB codes: not true luminance, but any fixed mix serves to match frames.</summary>
    public static LumaPlane FromRgb(FeatureMap rgb, int threads = 1)
    {
        if (rgb.Channels != 3) throw new ArgumentException("Expected a 3-channel RGB map.", nameof(rgb));
        var data = GC.AllocateUninitializedArray<float>(rgb.Pixels);
        int width = rgb.Width;
        Rows.For(rgb.Height, threads, y =>
        {
            // By reference: the row's length is known, and bounds checks on three interleaved reads per pixel
            // cost more than the arithmetic.
            ref float source = ref MemoryMarshal.GetReference(rgb.Row(y));
            ref float to = ref data[y * width];
            for (int x = 0; x < width; x++)
                Unsafe.Add(ref to, x) = 0.2126f * Unsafe.Add(ref source, 3 * x) + 0.7152f * Unsafe.Add(ref source, 3 * x + 1)
                    + 0.0722f * Unsafe.Add(ref source, 3 * x + 2);
        });
        return new LumaPlane(rgb.Height, rgb.Width, data);
    }

    /// <summary>Half the size, each pixel the mean of a 2x2 block (an odd last row or column is dropped).</summary>
    public LumaPlane Half()
    {
        int h = Height / 2, w = Width / 2;
        var data = GC.AllocateUninitializedArray<float>(h * w);
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<float> a = Row(2 * y), b = Row(2 * y + 1);
            Span<float> to = data.AsSpan(y * w, w);
            for (int x = 0; x < w; x++) to[x] = 0.25f * (a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1]);
        }
        return new LumaPlane(h, w, data);
    }
}
