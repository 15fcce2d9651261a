using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging;

/// <summary>Between ImageSharp's 8-bit RGBA pixels and the engine's float RGB maps.</summary>
internal static class PixelConversion
{
    private const float ToUnit = 1f / 255f;

    /// <summary>
    /// Splits an image into RGB in [0,1] and an 8-bit alpha plane. The plane is kept when the file declares an alpha
    /// channel (<paramref name="keepAlpha"/>) or when any pixel is not opaque (a palette PNG or GIF with a
    /// transparent colour declares none); otherwise it is dropped so opaque inputs stay opaque.
    /// </summary>
    public static (FeatureMap Rgb, byte[]? Alpha) ToFeatureMap(Image<Rgba32> image, bool keepAlpha)
    {
        int width = image.Width, height = image.Height;
        var rgb = new FeatureMap(height, width, 3);
        var alpha = new byte[width * height];
        bool translucent = false;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                Span<Rgba32> row = rows.GetRowSpan(y);
                Span<float> dst = rgb.Row(y);
                for (int x = 0; x < width; x++)
                {
                    Rgba32 p = row[x];
                    dst[3 * x] = p.R * ToUnit;
                    dst[3 * x + 1] = p.G * ToUnit;
                    dst[3 * x + 2] = p.B * ToUnit;
                    alpha[y * width + x] = p.A;
                    translucent |= p.A != 255;
                }
            }
        });
        return (rgb, keepAlpha || translucent ? alpha : null);
    }

    /// <summary>Packs an RGB map (clamped to [0,1], rounded to the nearest 8-bit level) and an optional alpha plane.</summary>
    public static Image<Rgba32> ToImage(FeatureMap rgb, byte[]? alpha)
    {
        if (rgb.Channels != 3) throw new ArgumentException("Expected a 3-channel RGB map.", nameof(rgb));
        int width = rgb.Width, height = rgb.Height;
        if (alpha is not null && alpha.Length != width * height)
            throw new ArgumentException($"The alpha plane has {alpha.Length} values; the image has {width * height} pixels.", nameof(alpha));
        var image = new Image<Rgba32>(ImagingConfiguration.Configuration, width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                Span<Rgba32> row = rows.GetRowSpan(y);
                ReadOnlySpan<float> src = rgb.Row(y);
                for (int x = 0; x < width; x++)
                {
                    byte a = alpha is null ? (byte)255 : alpha[y * width + x];
                    row[x] = new Rgba32(ToByte(src[3 * x]), ToByte(src[3 * x + 1]), ToByte(src[3 * x + 2]), a);
                }
            }
        });
        return image;
    }

    // NaN maps to 0: a broken network should give a black pixel, not an exception from a cast.
    private static byte ToByte(float v) => (byte)(float.IsNaN(v) ? 0 : Math.Clamp(v * 255f + 0.5f, 0f, 255f));
}
