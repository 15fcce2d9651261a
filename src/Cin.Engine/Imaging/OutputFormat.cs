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
    private readonly Func<int, bool, bool, IImageEncoder> _encoder;

    private OutputFormat(string name, string[] extensions, bool keepsAlpha, bool supports16Bits, Func<int, bool, bool, IImageEncoder> encoder,
        bool writesPngItself = false)
    {
        WritesPngItself = writesPngItself;
        Name = name;
        Extensions = extensions;
        KeepsAlpha = keepsAlpha;
        Supports16Bits = supports16Bits;
        _encoder = encoder;
    }

    public string Name { get; }

    /// <summary>Lower-case, with the dot; the first is the one cin picks when it names a file.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Whether an input's alpha channel survives into this format (JPEG, BMP and 8-bit TIFF drop it).</summary>
    public bool KeepsAlpha { get; }

    /// <summary>Whether cin writes 16 bits per channel in this format when the input had them (PNG only).</summary>
    public bool Supports16Bits { get; }

    /// <summary>
    /// Whether cin writes this format with its own encoder (PNG: Imaging/Png, multi-threaded, in bounded memory) rather
    /// than ImageSharp's; <see cref="CreateEncoder"/> then gives the ImageSharp encoder with the same settings, which
    /// tests compare with.
    /// </summary>
    public bool WritesPngItself { get; }

    public const int DefaultQuality = 90;

    public static IReadOnlyList<OutputFormat> All { get; } =
    [
        new("JPEG", [".jpg", ".jpeg"], false, false, (quality, _, _) => new JpegEncoder { Quality = quality }),
        new("PNG", [".png"], true, true, (_, alpha, wide) => new PngEncoder
        {
            ColorType = alpha ? PngColorType.RgbWithAlpha : PngColorType.Rgb,
            BitDepth = wide ? PngBitDepth.Bit16 : PngBitDepth.Bit8,
            // cin writes PNG pixels with its own writer (Imaging/Png); this encoder still writes the metadata chunks
            // (PngMetadataChunks), its level compressing long text, and is the reference the writer's tests compare with.
            // Measured on three stylized 1024x640 images (docs/everyday/png-encoding.md): ImageSharp's default (Paeth,
            // deflate level 6) took 75-127 ms of CPU; level 1 takes 56-71 ms for files 1-5% larger. Stylized images are
            // busy textures, so deflate's longer match searches find little: levels 6-9 save at most 5% over level 1,
            // and level 9 costs up to 3x the default's time. Level 0 (stored) takes 6 ms but makes files 17-55% larger.
            // Paeth is the best single filter at every level; Adaptive (the best filter per row) is within 1% of it.
            CompressionLevel = PngCompressionLevel.Level1,
            FilterMethod = PngFilterMethod.Paeth,
        }, writesPngItself: true),
        // Lossy like JPEG, so --quality applies; ImageSharp's lossy WebP keeps an alpha channel.
        new("WebP", [".webp"], true, false, (quality, _, _) => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = quality }),
        new("BMP", [".bmp"], false, false, (_, _, _) => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }),
        new("TIFF", [".tif", ".tiff"], false, false, (_, _, _) => new TiffEncoder
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
    /// <param name="bitsPerChannel">16 for a 16-bit PNG; ignored by formats that are always 8-bit.</param>
    public IImageEncoder CreateEncoder(int quality, bool alpha, int bitsPerChannel = 8) =>
        _encoder(quality, alpha && KeepsAlpha, bitsPerChannel > 8 && Supports16Bits);
}
