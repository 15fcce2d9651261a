namespace Cin.Engine.Imaging;

/// <summary>How <see cref="ImageWriter"/> writes a file.</summary>
/// <param name="Quality">JPEG and WebP quality, 1..100.</param>
/// <param name="Overwrite">Replace an existing file.</param>
/// <param name="BitsPerChannel">16 writes a 16-bit PNG (other formats are always 8-bit); 8 otherwise.</param>
/// <param name="Metadata">What to carry over from the original (see <see cref="PhotoMetadata"/>); null for none.</param>
/// <param name="ConvertedToSrgb">The pixels were converted from another colour profile (EXIF colour space is then set to sRGB).</param>
public sealed record ImageWriteOptions(
    int Quality = OutputFormat.DefaultQuality,
    bool Overwrite = false,
    int BitsPerChannel = 8,
    PhotoMetadata? Metadata = null,
    bool ConvertedToSrgb = false)
{
    public const string DefaultSoftware = "cin";

    /// <summary>The software named in the output's EXIF (e.g. "cin 0.1.0"), when there is EXIF to keep.</summary>
    public string Software { get; init; } = DefaultSoftware;

    /// <summary>The threads an encoder may use (cin's PNG writer compresses pieces of rows on them); the run's --threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
