using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging;

/// <summary>
/// A decoded, upright image in sRGB, held as the decoder's 16-bit pixels (8 bytes a pixel, alpha inside them): a
/// photo of any size is converted to floats only a band of rows at a time, by whoever reads it. Disposing it frees the
/// pixels.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private FeatureMap? _rgb;

    /// <param name="pixels">Upright, sRGB-encoded; owned by this object from now on.</param>
    /// <param name="hasAlpha">Whether the output should carry the alpha channel (see <see cref="HasAlpha"/>).</param>
    /// <param name="format">The container the image came in ("JPEG", "PNG", ...), for messages.</param>
    public DecodedImage(Image<Rgba64> pixels, bool hasAlpha, string format)
    {
        Pixels = pixels;
        Width = pixels.Width;
        Height = pixels.Height;
        HasAlpha = hasAlpha;
        Format = format;
    }

    /// <summary>The picture: height x width 16-bit RGBA. 8-bit sources give multiples of 257, so they round-trip exactly.</summary>
    public Image<Rgba64> Pixels { get; }

    /// <summary>
    /// Whether the alpha channel is kept: the file declares one, or some pixel is not opaque (a palette PNG or GIF with
    /// a transparent colour declares none). When false every pixel's alpha is opaque.
    /// </summary>
    public bool HasAlpha { get; }

    /// <summary>The container the image came in ("JPEG", "PNG", ...), for messages.</summary>
    public string Format { get; }

    public int Width { get; }
    public int Height { get; }

    /// <summary>
    /// The colour as one RGB map in [0,1], height x width x 3, made on first use (12 bytes a pixel: for small images,
    /// contact sheets and tests; the photo pipeline reads <see cref="Pixels"/> a band at a time instead).
    /// </summary>
    public FeatureMap Rgb => _rgb ??= PixelConversion.ToFeatureMap(Pixels, keepAlpha: false).Rgb;

    /// <summary>One 16-bit value per pixel (0..65535), row-major; null when <see cref="HasAlpha"/> is false. Made on each use.</summary>
    public ushort[]? Alpha => HasAlpha ? PixelConversion.ToFeatureMap(Pixels, keepAlpha: true).Alpha : null;

    /// <summary>8, or 16 for 16-bit PNG and TIFF sources (a PNG output then keeps 16 bits).</summary>
    public int BitsPerChannel { get; init; } = 8;

    /// <summary>The colour space the pixels came in: "sRGB", an ICC profile's name, or "CMYK".</summary>
    public string ColorSpace { get; init; } = "sRGB";

    /// <summary>Whether the pixels were converted to sRGB from another profile.</summary>
    public bool ConvertedToSrgb { get; init; }

    /// <summary>What a user may want to know about how the file was read (an ICC profile that was not applied, ...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The metadata to carry into the output; null when not kept.</summary>
    public PhotoMetadata? Metadata { get; init; }

    /// <summary>
    /// Frees the pixels before the image is disposed, for a pipeline that no longer needs them (the work-size input
    /// made from them is all it reads). Size, format and metadata stay readable; the pixels do not.
    /// </summary>
    internal void ReleasePixels() => Pixels.Dispose();

    public void Dispose() => Pixels.Dispose();
}
