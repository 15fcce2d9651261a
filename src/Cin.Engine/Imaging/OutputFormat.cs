using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;

namespace Cin.Engine.Imaging;

/// <summary>A format cin writes, chosen by the output file's extension.</summary>
public sealed class OutputFormat
{
    private readonly Func<int, bool, IImageEncoder> _encoder;

    private OutputFormat(string name, string[] extensions, bool keepsAlpha, Func<int, bool, IImageEncoder> encoder)
    {
        Name = name;
        Extensions = extensions;
        KeepsAlpha = keepsAlpha;
        _encoder = encoder;
    }

    public string Name { get; }

    /// <summary>Lower-case, with the dot; the first is the one cin picks when it names a file.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Whether an input's alpha channel survives into this format (JPEG, BMP and 8-bit TIFF drop it).</summary>
    public bool KeepsAlpha { get; }

    public const int DefaultQuality = 90;

    public static IReadOnlyList<OutputFormat> All { get; } =
    [
        new("JPEG", [".jpg", ".jpeg"], false, (quality, _) => new JpegEncoder { Quality = quality }),
        new("PNG", [".png"], true, (_, alpha) => new PngEncoder
        {
            ColorType = alpha ? PngColorType.RgbWithAlpha : PngColorType.Rgb,
            BitDepth = PngBitDepth.Bit8,
        }),
        // Lossy like JPEG, so --quality applies; ImageSharp's lossy WebP keeps an alpha channel.
        new("WebP", [".webp"], true, (quality, _) => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = quality }),
        new("BMP", [".bmp"], false, (_, _) => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }),
        new("TIFF", [".tif", ".tiff"], false, (_, _) => new TiffEncoder
        {
            BitsPerPixel = TiffBitsPerPixel.Bit24,
            Compression = TiffCompression.Deflate,
        }),
    ];

    /// <summary>The writable extensions, for messages: ".jpg, .jpeg, .png, ...".</summary>
    public static string KnownExtensions => string.Join(", ", All.SelectMany(f => f.Extensions));

    public static OutputFormat? ForPath(string path)
    {
        string extension = Path.GetExtension(path);
        return All.FirstOrDefault(f => f.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
    }

    /// <param name="quality">1-100; used by the lossy formats.</param>
    /// <param name="alpha">Whether the image has an alpha channel to keep.</param>
    public IImageEncoder CreateEncoder(int quality, bool alpha) => _encoder(quality, alpha && KeepsAlpha);
}
