namespace Cin.Engine.Imaging;

/// <summary>How <see cref="ImageReader"/> reads a file.</summary>
/// <param name="MaxPixels">Images with more pixels than this (width x height, from the header) are refused before
/// they are decoded, with <see cref="ImageFileError.TooLarge"/>: a guard against decompression bombs and against
/// running out of memory halfway through a large photo.</param>
/// <param name="KeepMetadata">Whether to keep EXIF, IPTC and XMP for the output (see <see cref="PhotoMetadata"/>).</param>
public sealed record ImageReadOptions(long MaxPixels = long.MaxValue, bool KeepMetadata = true)
{
    /// <summary>
    /// Decode an 8-bit file that needs no colour conversion (no ICC profile, not CMYK) into 8-bit pixels, half the
    /// memory of 16-bit ones and the same values; anything else is still read as 16-bit pixels. For the photo
    /// pipeline at the photo's own size, which reads and writes both kinds.
    /// </summary>
    public bool EightBitWhenExact { get; init; }

    public static ImageReadOptions Default { get; } = new();
}
