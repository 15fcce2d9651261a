using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging;

/// <summary>
/// A decoded, upright image in sRGB, held as the decoder's 16-bit pixels (8 bytes a pixel, alpha inside them), or, when
/// the reader was asked for them and they lose nothing, 8-bit pixels (4 bytes a pixel, see
/// <see cref="ImageReadOptions.EightBitWhenExact"/>): a photo of any size is converted to floats only a band of rows
/// at a time, by whoever reads it. Disposing it frees the pixels.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private FeatureMap? _rgb;

    /// <param name="pixels">Upright, sRGB-encoded; owned by this object from now on.</param>
    /// <param name="hasAlpha">Whether the output should carry the alpha channel (see <see cref="HasAlpha"/>).</param>
    /// <param name="format">The container the image came in ("JPEG", "PNG", ...), for messages.</param>
    public DecodedImage(Image<Rgba64> pixels, bool hasAlpha, string format) : this((Image)pixels, hasAlpha, format)
    {
    }

    /// <param name="pixels">Upright, sRGB-encoded, Rgba64 or Rgba32; owned by this object from now on.</param>
    internal DecodedImage(Image pixels, bool hasAlpha, string format)
    {
        if (pixels is not (Image<Rgba64> or Image<Rgba32>)) throw new ArgumentException("Pixels are Rgba64 or Rgba32.", nameof(pixels));
        Pixels = pixels;
        Width = pixels.Width;
        Height = pixels.Height;
        HasAlpha = hasAlpha;
        Format = format;
    }

    /// <summary>
    /// The picture: height x width RGBA, Image&lt;Rgba64&gt; (8-bit sources give multiples of 257, so they round-trip
    /// exactly) or Image&lt;Rgba32&gt; (an 8-bit source that needed no colour conversion, read so on request).
    /// </summary>
    public Image Pixels { get; }

    /// <summary>Whether <see cref="Pixels"/> are 8-bit (Image&lt;Rgba32&gt;).</summary>
    public bool IsEightBit => Pixels is Image<Rgba32>;

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
    public FeatureMap Rgb => _rgb ??= WithWidePixels(wide => PixelConversion.ToFeatureMap(wide, keepAlpha: false).Rgb);

    /// <summary>One 16-bit value per pixel (0..65535), row-major; null when <see cref="HasAlpha"/> is false. Made on each use.</summary>
    public ushort[]? Alpha => HasAlpha ? WithWidePixels(wide => PixelConversion.ToFeatureMap(wide, keepAlpha: true).Alpha) : null;

    private T WithWidePixels<T>(Func<Image<Rgba64>, T> read)
    {
        if (Pixels is Image<Rgba64> wide) return read(wide);
        using var widened = PixelConversion.Widen((Image<Rgba32>)Pixels, threads: 1, opaque: false);
        return read(widened);
    }

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
