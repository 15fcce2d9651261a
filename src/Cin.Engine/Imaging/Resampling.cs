using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Engine.Imaging;

/// <summary>
/// Resizes RGB maps for <c>--work-size</c>, in float precision, with ImageSharp's separable resamplers:
/// <list type="bullet">
/// <item>Shrinking uses Lanczos-3 in linear light (ImageSharp's "compand"): the sharpest of the common windowed-sinc
/// filters without visible aliasing, and averaging light rather than sRGB codes keeps fine bright-on-dark detail
/// (foliage, windows at night) from darkening as it shrinks.</item>
/// <item>Enlarging uses Catmull-Rom, on the sRGB values as they are: an interpolating cubic that keeps the network's
/// brush strokes crisp, with much less ringing than Lanczos-3 around their dark, high-contrast edges (which Lanczos
/// turns into visible halos at 2-4x magnification), and sharper than the smoothing Mitchell-Netravali cubic.</item>
/// </list>
/// Both filters overshoot slightly; the result is clamped to [0,1]. The pictures pass through 16-bit pixels
/// (Image&lt;Rgba64&gt;, the one pixel type cin uses with ImageSharp; see PixelConversion), a rounding of 1/131070 at most.
/// </summary>
public static class Resampling
{
    private const float FromWord = 1f / 65535f;

    private static ushort Word(float v) => (ushort)(float.IsNaN(v) ? 0 : Math.Clamp(v * 65535f + 0.5f, 0f, 65535f));

    public static FeatureMap Resize(FeatureMap rgb, int width, int height, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgb.Channels != 3) throw new ArgumentException("Expected a 3-channel RGB map.", nameof(rgb));
        if (width == rgb.Width && height == rgb.Height) return rgb;

        var configuration = ImagingConfiguration.Configuration;
        using var image = new Image<Rgba64>(configuration, rgb.Width, rgb.Height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rgb.Height; y++)
            {
                Span<Rgba64> row = rows.GetRowSpan(y);
                ReadOnlySpan<float> src = rgb.Row(y);
                for (int x = 0; x < row.Length; x++) row[x] = new Rgba64(Word(src[3 * x]), Word(src[3 * x + 1]), Word(src[3 * x + 2]), ushort.MaxValue);
            }
        });
        using var resizedImage = Resize(image, width, height, threads);

        var resized = new FeatureMap(height, width, 3);
        resizedImage.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                Span<Rgba64> row = rows.GetRowSpan(y);
                Span<float> dst = resized.Row(y);
                for (int x = 0; x < width; x++)
                {
                    dst[3 * x] = row[x].R * FromWord;
                    dst[3 * x + 1] = row[x].G * FromWord;
                    dst[3 * x + 2] = row[x].B * FromWord;
                }
            }
        });
        return resized;
    }

    /// <summary>
    /// The same resize on 16-bit pixels, into a new image (the photo pipeline's work size, there and back), with
    /// ImageSharp's usual treatment of alpha (colour weighted by it): give it opaque pixels, as the float overload
    /// does, for the colours to resize as they always have (see <see cref="Opaque"/>).
    /// </summary>
    public static Image<Rgba64> Resize(Image<Rgba64> image, int width, int height, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        bool shrinking = (long)width * height < (long)image.Width * image.Height;
        var configuration = ImagingConfiguration.Configuration.Clone();
        configuration.MaxDegreeOfParallelism = Math.Max(1, threads);
        // Clone() does not carry this over; the resized-back result may be what the writer wraps and encodes.
        configuration.PreferContiguousImageBuffers = ImagingConfiguration.Configuration.PreferContiguousImageBuffers;
        return image.Clone(configuration, c => c.Resize(new ResizeOptions
        {
            Size = new Size(width, height),
            Mode = ResizeMode.Stretch,
            Sampler = shrinking ? KnownResamplers.Lanczos3 : KnownResamplers.CatmullRom,
            Compand = shrinking,
        }));
    }

    /// <summary>
    /// <paramref name="image"/> itself when every pixel is opaque, else an opaque copy: a translucent photo's colour is
    /// resized on its own, not weighted by its alpha (the output carries the full-size photo's own alpha).
    /// </summary>
    public static Image<Rgba64> Opaque(Image<Rgba64> image)
    {
        if (!PixelConversion.IsTranslucent(image)) return image;
        var copy = image.Clone();
        for (int y = 0; y < copy.Height; y++)
            foreach (ref Rgba64 p in copy.DangerousGetPixelRowMemory(y).Span) p.A = ushort.MaxValue;
        return copy;
    }

    /// <summary>
    /// The size at which an image's long side is <paramref name="longSide"/>, keeping its aspect ratio (each side at
    /// least 1 pixel).
    /// </summary>
    public static (int Width, int Height) Fit(int width, int height, int longSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(longSide);
        double scale = (double)longSide / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }
}
