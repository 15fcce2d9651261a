using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;

namespace Cin.Engine.Imaging;

/// <summary>
/// The descriptive metadata a stylized photo keeps from its original: EXIF (camera, lens, exposure, date, GPS,
/// copyright), IPTC (caption, keywords, credit) and XMP, plus a PNG's text chunks. A stylized photo is still that
/// photo, taken then and there, so this is what a photo editor keeps on export. Changed on the way:
/// <list type="bullet">
/// <item>EXIF orientation is set to 1 ("upright"), in EXIF and in XMP's tiff:Orientation: cin has already rotated the
/// pixels, so a viewer must not rotate them again.</item>
/// <item>EXIF pixel dimensions are set to the output's size, and EXIF colour space to sRGB when the pixels were
/// converted from another profile.</item>
/// <item>EXIF Software names the writing software (<see cref="ImageWriteOptions.Software"/>).</item>
/// </list>
/// Not kept: the ICC profile (cin writes sRGB, which needs none), the EXIF thumbnail (it would show the original
/// picture; ImageSharp does not write one), and format-specific chunks such as a PNG's gamma. What reaches the file
/// depends on the format: JPEG keeps EXIF, IPTC and XMP; PNG and WebP keep EXIF and XMP (PNG also its text); TIFF
/// keeps EXIF; BMP keeps nothing.
/// </summary>
public sealed class PhotoMetadata
{
    private readonly ExifProfile? _exif;
    private readonly IptcProfile? _iptc;
    private readonly byte[]? _xmp;
    private readonly List<PngTextData> _pngText;

    private PhotoMetadata(ExifProfile? exif, IptcProfile? iptc, byte[]? xmp, List<PngTextData> pngText)
    {
        _exif = exif;
        _iptc = iptc;
        _xmp = xmp;
        _pngText = pngText;
    }

    public bool HasExif => _exif is not null;
    public bool HasIptc => _iptc is not null;
    public bool HasXmp => _xmp is not null;

    /// <summary>Whether there is anything to keep.</summary>
    public bool IsEmpty => _exif is null && _iptc is null && _xmp is null && _pngText.Count == 0;

    internal static PhotoMetadata From(ImageMetadata metadata, ImageFrameMetadata frame)
    {
        // TIFF puts its EXIF on the frame; JPEG, PNG and WebP on the image.
        ExifProfile? exif = (metadata.ExifProfile ?? frame.ExifProfile)?.DeepClone();
        byte[]? xmp = metadata.XmpProfile?.ToByteArray();
        var png = metadata.GetPngMetadata();
        return new PhotoMetadata(exif, metadata.IptcProfile?.DeepClone(), xmp is { Length: > 0 } ? xmp : null,
            png.TextData.Select(t => new PngTextData(t.Keyword, t.Value, t.LanguageTag, t.TranslatedKeyword)).ToList());
    }

    /// <summary>Puts the kept metadata on an image about to be encoded, adjusted as described above.</summary>
    internal void ApplyTo(Image image, bool convertedToSrgb, string software)
    {
        if (_exif is not null)
        {
            var exif = _exif.DeepClone();
            exif.SetValue(ExifTag.Orientation, (ushort)1);
            if (exif.GetValue(ExifTag.PixelXDimension) is not null) exif.SetValue(ExifTag.PixelXDimension, (Number)image.Width);
            if (exif.GetValue(ExifTag.PixelYDimension) is not null) exif.SetValue(ExifTag.PixelYDimension, (Number)image.Height);
            if (convertedToSrgb || exif.GetValue(ExifTag.ColorSpace) is not null) exif.SetValue(ExifTag.ColorSpace, (ushort)1);
            exif.SetValue(ExifTag.Software, software);
            image.Metadata.ExifProfile = exif;
            image.Frames.RootFrame.Metadata.ExifProfile = exif.DeepClone();
        }
        if (_iptc is not null) image.Metadata.IptcProfile = _iptc.DeepClone();
        if (_xmp is not null) image.Metadata.XmpProfile = new XmpProfile(UprightXmp(_xmp));
        if (_pngText.Count > 0)
        {
            var png = image.Metadata.GetPngMetadata();
            foreach (var text in _pngText) png.TextData.Add(text);
        }
    }

    /// <summary>
    /// Rewrites every tiff:Orientation in an XMP packet to 1, in attribute form (tiff:Orientation="6") or element form
    /// (&lt;tiff:Orientation&gt;6&lt;/tiff:Orientation&gt;): the digits right after the name, past '=', quotes, '&gt;' and spaces.
    /// </summary>
    private static byte[] UprightXmp(byte[] xmp)
    {
        const string name = "tiff:Orientation";
        string text = Encoding.UTF8.GetString(xmp);
        if (!text.Contains(name, StringComparison.Ordinal)) return xmp;
        var result = new StringBuilder(text.Length);
        int at = 0;
        for (int found; (found = text.IndexOf(name, at, StringComparison.Ordinal)) >= 0;)
        {
            int value = found + name.Length;
            while (value < text.Length && text[value] is ' ' or '\t' or '\r' or '\n' or '=' or '"' or '\'' or '>') value++;
            int end = value;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            result.Append(text, at, value - at);
            if (end > value) result.Append('1');
            at = end;
        }
        result.Append(text, at, text.Length - at);
        return Encoding.UTF8.GetBytes(result.ToString());
    }
}
