using System.Buffers.Binary;

namespace Cin.Engine.Imaging;

/// <summary>
/// Tells a whole file from one cut short, for the formats whose ImageSharp decoders quietly decode a truncated file
/// (filling the missing part with grey or black) instead of failing: cin would then stylize a half-empty picture and
/// report success. PNG and TIFF decoders notice truncation themselves.
/// </summary>
internal static class Truncation
{
    /// <summary>Why the file looks truncated, or null when it looks whole.</summary>
    public static string? Check(string format, ReadOnlySpan<byte> file) => format switch
    {
        "JPEG" when !JpegComplete(file) => "the JPEG data is truncated (no end-of-image marker)",
        "Webp" when DeclaredLength(file, 4, extra: 8) > file.Length => "the WebP data is truncated (shorter than its RIFF header says)",
        "BMP" when DeclaredLength(file, 2, extra: 0) > file.Length => "the BMP data is truncated (shorter than its header says)",
        "GIF" when file[^1] != 0x3B => "the GIF data is truncated (no trailer byte)",
        _ => null,
    };

    /// <summary>
    /// True when an end-of-image marker (FF D9) follows the last start-of-scan marker (FF DA). Inside entropy-coded
    /// data every FF byte is stuffed (FF 00) or a restart marker, so neither marker can appear by accident there; a
    /// thumbnail's markers come before the main scan, and bytes a camera appends after the end marker do not matter.
    /// </summary>
    private static bool JpegComplete(ReadOnlySpan<byte> jpeg)
    {
        int scan = jpeg.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        return scan >= 0 && jpeg[(scan + 2)..].IndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
    }

    /// <summary>The file length a header's little-endian 32-bit size field claims (0 when the field is absent).</summary>
    private static long DeclaredLength(ReadOnlySpan<byte> file, int offset, int extra) =>
        file.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(file[offset..]) + (long)extra : 0;
}
