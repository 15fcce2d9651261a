using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Cin.Engine.Imaging.Icc;

/// <summary>
/// What cin needs from an ICC profile: its colour space, a name for messages, and, for matrix/TRC ("shaper")
/// profiles, the three colorant columns and the tone curves. ImageSharp 2.1 parses profiles but keeps the tag types
/// internal and converts nothing, so cin reads the few tags it uses itself (ICC.1:2010, sections 7 and 10).
/// </summary>
internal sealed record IccProfileInfo(
    string ColorSpace,
    string ConnectionSpace,
    string Description,
    double[]? Colorants,
    ToneCurve[]? Curves,
    bool HasLookupTables)
{
    /// <summary>An RGB profile cin can apply: XYZ connection space, rXYZ/gXYZ/bXYZ and rTRC/gTRC/bTRC.</summary>
    public bool IsRgbMatrixShaper => ColorSpace == "RGB" && ConnectionSpace == "XYZ" && Colorants is not null && Curves is { Length: 3 };

    /// <summary>A grey profile cin can apply: a single kTRC (grey is neutral, so no colorants are needed).</summary>
    public bool IsGrayShaper => ColorSpace == "GRAY" && Curves is { Length: 1 };
}

internal static class IccProfileReader
{
    /// <summary>Reads a profile, or returns null when the bytes are not a usable ICC profile. Never throws.</summary>
    public static IccProfileInfo? TryRead(ReadOnlySpan<byte> profile)
    {
        try
        {
            return Read(profile);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidDataException or OverflowException)
        {
            return null;
        }
    }

    private static IccProfileInfo? Read(ReadOnlySpan<byte> p)
    {
        // Header: 128 bytes; 'acsp' at 36 is the file signature.
        if (p.Length < 132 || !p.Slice(36, 4).SequenceEqual("acsp"u8)) return null;
        string colorSpace = Signature(p.Slice(16, 4));
        string pcs = Signature(p.Slice(20, 4));
        int count = checked((int)U32(p, 128));
        if (count < 0 || count > 1000 || 132 + 12L * count > p.Length) return null;

        var tags = new Dictionary<string, (int Offset, int Size)>();
        for (int i = 0; i < count; i++)
        {
            int entry = 132 + 12 * i;
            string tag = Signature(p.Slice(entry, 4));
            long offset = U32(p, entry + 4), size = U32(p, entry + 8);
            if (offset + size <= p.Length && size >= 8) tags.TryAdd(tag, ((int)offset, (int)size));
        }
        ReadOnlySpan<byte> Tag(string name, ReadOnlySpan<byte> all) =>
            tags.TryGetValue(name, out var t) ? all.Slice(t.Offset, t.Size) : default;

        string description = Description(Tag("desc", p)) ?? "unnamed profile";
        bool luts = tags.ContainsKey("A2B0") || tags.ContainsKey("A2B1") || tags.ContainsKey("B2A0");

        double[]? colorants = null;
        ToneCurve[]? curves = null;
        if (colorSpace == "RGB")
        {
            var r = Xyz(Tag("rXYZ", p));
            var g = Xyz(Tag("gXYZ", p));
            var b = Xyz(Tag("bXYZ", p));
            if (r is not null && g is not null && b is not null)
                colorants = [r[0], g[0], b[0], r[1], g[1], b[1], r[2], g[2], b[2]];
            var rc = Curve(Tag("rTRC", p));
            var gc = Curve(Tag("gTRC", p));
            var bc = Curve(Tag("bTRC", p));
            if (rc is not null && gc is not null && bc is not null) curves = [rc, gc, bc];
        }
        else if (colorSpace == "GRAY" && Curve(Tag("kTRC", p)) is { } k)
        {
            curves = [k];
        }
        return new IccProfileInfo(colorSpace, pcs, description, colorants, curves, luts);
    }

    /// <summary>
    /// A four-byte signature as text, for messages: padding (spaces, or NULs from some writers) trimmed, and any byte
    /// that is not printable ASCII shown as '?', so a hostile file cannot put escape sequences into cin's output.
    /// </summary>
    private static string Signature(ReadOnlySpan<byte> four)
    {
        int length = four.Length;
        while (length > 0 && four[length - 1] is (byte)' ' or 0) length--;
        Span<char> text = stackalloc char[4];
        for (int i = 0; i < length; i++) text[i] = four[i] is >= 0x20 and <= 0x7E ? (char)four[i] : '?';
        return new string(text[..length]);
    }

    private static uint U32(ReadOnlySpan<byte> p, int offset) => BinaryPrimitives.ReadUInt32BigEndian(p.Slice(offset, 4));

    private static double S15Fixed16(ReadOnlySpan<byte> p, int offset) => BinaryPrimitives.ReadInt32BigEndian(p.Slice(offset, 4)) / 65536.0;

    /// <summary>'XYZ ' type: three s15Fixed16 numbers after the type signature and 4 reserved bytes.</summary>
    private static double[]? Xyz(ReadOnlySpan<byte> tag)
    {
        if (tag.Length < 20 || !tag[..4].SequenceEqual("XYZ "u8)) return null;
        return [S15Fixed16(tag, 8), S15Fixed16(tag, 12), S15Fixed16(tag, 16)];
    }

    /// <summary>'curv' (identity, a u8Fixed8 gamma or a uint16 table) or 'para' (the five parametric functions).</summary>
    private static ToneCurve? Curve(ReadOnlySpan<byte> tag)
    {
        if (tag.Length < 12) return null;
        if (tag[..4].SequenceEqual("curv"u8))
        {
            long n = U32(tag, 8);
            if (n == 0) return ToneCurve.Gamma(1);
            if (n == 1) return tag.Length >= 14 ? ToneCurve.Gamma(BinaryPrimitives.ReadUInt16BigEndian(tag[12..]) / 256.0) : null;
            if (n > 65536 || 12 + 2 * n > tag.Length) return null;
            var table = new double[n];
            for (int i = 0; i < n; i++) table[i] = BinaryPrimitives.ReadUInt16BigEndian(tag[(12 + 2 * i)..]) / 65535.0;
            return ToneCurve.Table(table);
        }
        if (tag[..4].SequenceEqual("para"u8))
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(tag[8..]);
            int parameters = type switch { 0 => 1, 1 => 3, 2 => 4, 3 => 5, 4 => 7, _ => -1 };
            if (parameters < 0 || tag.Length < 12 + 4 * parameters) return null;
            var values = new double[7];
            for (int i = 0; i < parameters; i++) values[i] = S15Fixed16(tag, 12 + 4 * i);
            return ToneCurve.Parametric(type, values);
        }
        return null;
    }

    /// <summary>The profile's name: v2 'desc' (textDescriptionType, ASCII) or v4 'mluc' (the first UTF-16 record).</summary>
    private static string? Description(ReadOnlySpan<byte> tag)
    {
        if (tag.Length < 12) return null;
        string? text = null;
        if (tag[..4].SequenceEqual("desc"u8))
        {
            long n = U32(tag, 8);
            if (n > 0 && 12 + n <= tag.Length) text = Encoding.ASCII.GetString(tag.Slice(12, (int)n));
        }
        else if (tag[..4].SequenceEqual("mluc"u8) && tag.Length >= 28)
        {
            long records = U32(tag, 8);
            long length = U32(tag, 20), offset = U32(tag, 24);
            if (records > 0 && offset + length <= tag.Length) text = Encoding.BigEndianUnicode.GetString(tag.Slice((int)offset, (int)length));
        }
        return text is null ? null : Printable(text, MaxNameLength);
    }

    private const int MaxNameLength = 64;

    /// <summary>
    /// A name for one-line messages on a terminal: without control characters (escape sequences), format characters
    /// (bidirectional overrides that reorder the rest of the line), line and paragraph separators; unpaired surrogates
    /// become U+FFFD; at most <paramref name="maxLength"/> UTF-16 units, never cutting a character in two. Null when
    /// nothing printable is left.
    /// </summary>
    private static string? Printable(string text, int maxLength)
    {
        var clean = new StringBuilder(Math.Min(text.Length, maxLength));
        Span<char> units = stackalloc char[2];
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) continue;
            int length = rune.EncodeToUtf16(units);
            if (clean.Length + length > maxLength) break;
            clean.Append(units[..length]);
        }
        string result = clean.ToString().Trim();
        return result.Length == 0 ? null : result;
    }
}
