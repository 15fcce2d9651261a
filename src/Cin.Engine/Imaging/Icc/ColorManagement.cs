using Cin.Engine.Imaging.Color;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging.Icc;

/// <summary>
/// Brings decoded pixels into sRGB, the space the network was trained on and the space cin writes (outputs carry no
/// profile, and an untagged image is read as sRGB everywhere).
/// <list type="bullet">
/// <item>No profile, an sRGB chunk, or a profile that is sRGB in all but name: the pixels are used as they are.</item>
/// <item>An RGB matrix/TRC profile (Adobe RGB, Display P3, ProPhoto, most camera and scanner profiles): converted
/// exactly, per pixel: the profile's tone curves to linear light, its colorant matrix to XYZ (D50), the inverse of
/// sRGB's D50 matrix to linear sRGB, the sRGB curve. Colours outside sRGB are clipped per channel (relative
/// colorimetric intent, the usual default).</item>
/// <item>A grey profile (kTRC): its curve to linear light, then the sRGB curve.</item>
/// <item>Anything else (LUT-based RGB profiles, CMYK and Lab profiles): ImageSharp 2.1 has no colour management
/// engine, and cin does not carry one, so the pixels are used as decoded and a note says so. For CMYK JPEGs that
/// means ImageSharp's plain CMYK-to-RGB formula (r = (1 - c)(1 - k), ...), which is approximate.</item>
/// </list>
/// </summary>
internal static class ColorManagement
{
    /// <summary>
    /// sRGB's colorants adapted to D50 with the Bradford transform, as written in the ICC's own sRGB profile
    /// (sRGB IEC61966-2.1): the columns are rXYZ, gXYZ and bXYZ.
    /// </summary>
    private static readonly double[] SrgbColorants =
    [
        0.4360747, 0.3850649, 0.1430804,
        0.2225045, 0.7168786, 0.0606169,
        0.0139322, 0.0971045, 0.7141733,
    ];

    private const int CurveSamples = 4096;

    /// <summary>
    /// Converts <paramref name="rgb"/> in place to sRGB when the embedded colour information calls for it.
    /// Returns the name of the space the pixels came in (for results and notes) and whether they were converted, and adds a note to
    /// <paramref name="notes"/> when the colours could not be managed.
    /// </summary>
    public static (string Space, bool Converted) ToSrgb(FeatureMap rgb, EmbeddedColor embedded, byte[]? fallbackProfile, List<string> notes)
    {
        var (space, convert) = Plan(embedded, fallbackProfile, notes);
        convert?.Invoke(rgb.Span);
        return (space, convert is not null);
    }

    /// <summary>
    /// As <see cref="ToSrgb(FeatureMap, EmbeddedColor, byte[], List{string})"/> for a decoded image, row by row in
    /// place: each row goes to floats, through the conversion, and back to the nearest 16-bit level (a rounding of
    /// 1/131070 at most), so a large photo needs no float copy of itself.
    /// </summary>
    public static (string Space, bool Converted) ToSrgb(Image<Rgba64> image, EmbeddedColor embedded, byte[]? fallbackProfile, List<string> notes)
    {
        var (space, convert) = Plan(embedded, fallbackProfile, notes);
        if (convert is null) return (space, false);
        var rgb = new float[3 * image.Width];
        for (int y = 0; y < image.Height; y++)
        {
            Span<Rgba64> row = image.DangerousGetPixelRowMemory(y).Span;
            PixelConversion.ReadRgb(row, rgb);
            convert(rgb);
            PixelConversion.WriteRgb(rgb, row, bits: 16);
        }
        return (space, true);
    }

    /// <summary>
    /// The space and notes for pixels the reader kept at 8 bits because no conversion was to come (no profile, not
    /// CMYK); throws if the colour information does call for one, which would be a reader bug.
    /// </summary>
    public static (string Space, bool Converted) ToSrgbWithoutConversion(EmbeddedColor embedded, byte[]? fallbackProfile, List<string> notes)
    {
        var (space, convert) = Plan(embedded, fallbackProfile, notes);
        if (convert is not null) throw new InvalidOperationException("8-bit pixels were decoded for a photo whose colours need converting.");
        return (space, false);
    }

    private delegate void Conversion(Span<float> rgb);

    /// <summary>What the colour information calls for: the space's name and the conversion of RGB triples in place, or null for none.</summary>
    private static (string Space, Conversion? Convert) Plan(EmbeddedColor embedded, byte[]? fallbackProfile, List<string> notes)
    {
        bool cmyk = embedded.JpegComponents == 4;
        byte[]? bytes = embedded.Profile ?? fallbackProfile;
        if (bytes is null)
        {
            if (cmyk) notes.Add("a CMYK JPEG without a colour profile: converted with the plain CMYK formula, so colours are approximate");
            return (cmyk ? "CMYK" : "sRGB", null);
        }
        if (embedded.DeclaresSrgb) return ("sRGB", null);

        var profile = IccProfileReader.TryRead(bytes);
        if (profile is null)
        {
            notes.Add("its embedded ICC profile is unreadable; colours were read as sRGB");
            return ("sRGB", null);
        }
        if (cmyk || profile.ColorSpace == "CMYK")
        {
            notes.Add($"CMYK colours converted with the plain formula; its ICC profile '{profile.Description}' was not applied, so colours are approximate");
            return ($"CMYK ({profile.Description})", null);
        }
        if (profile.IsGrayShaper)
        {
            if (profile.Curves![0].IsCloseToSrgb()) return (profile.Description, null);
            float[] k = profile.Curves[0].Sample(CurveSamples);
            return (profile.Description, data => ApplyGray(data, k));
        }
        if (!profile.IsRgbMatrixShaper)
        {
            notes.Add($"its ICC profile '{profile.Description}' ({profile.ColorSpace}{(profile.HasLookupTables ? ", table-based" : "")}) cannot be applied by cin; colours were read as sRGB");
            return ("sRGB", null);
        }
        if (IsSrgb(profile)) return (profile.Description, null);
        double[] toSrgb;
        try
        {
            toSrgb = Multiply(Invert(SrgbColorants), profile.Colorants!);
        }
        catch (InvalidDataException)
        {
            notes.Add($"its ICC profile '{profile.Description}' has a degenerate colour matrix; colours were read as sRGB");
            return ("sRGB", null);
        }
        var curves = profile.Curves!;
        float[] r = curves[0].Sample(CurveSamples), g = curves[1].Sample(CurveSamples), b = curves[2].Sample(CurveSamples);
        return (profile.Description, data => ApplyMatrixShaper(data, toSrgb, r, g, b));
    }

    /// <summary>sRGB under another name (many cameras and editors embed their own copy of it).</summary>
    private static bool IsSrgb(IccProfileInfo profile)
    {
        for (int i = 0; i < 9; i++)
            if (Math.Abs(profile.Colorants![i] - SrgbColorants[i]) > 0.003) return false;
        return profile.Curves!.All(c => c.IsCloseToSrgb());
    }

    /// <param name="m">Linear source RGB to linear sRGB: inverse(sRGB colorants) x source colorants.</param>
    /// <param name="r">The red tone curve, sampled (green and blue likewise).</param>
    private static void ApplyMatrixShaper(Span<float> data, double[] m, float[] r, float[] g, float[] b)
    {
        float m0 = (float)m[0], m1 = (float)m[1], m2 = (float)m[2], m3 = (float)m[3], m4 = (float)m[4], m5 = (float)m[5],
            m6 = (float)m[6], m7 = (float)m[7], m8 = (float)m[8];
        for (int i = 0; i < data.Length; i += 3)
        {
            float lr = Lookup(r, data[i]), lg = Lookup(g, data[i + 1]), lb = Lookup(b, data[i + 2]);
            data[i] = SrgbCurve.Encode(m0 * lr + m1 * lg + m2 * lb);
            data[i + 1] = SrgbCurve.Encode(m3 * lr + m4 * lg + m5 * lb);
            data[i + 2] = SrgbCurve.Encode(m6 * lr + m7 * lg + m8 * lb);
        }
    }

    private static void ApplyGray(Span<float> data, float[] k)
    {
        for (int i = 0; i < data.Length; i++) data[i] = SrgbCurve.Encode(Lookup(k, data[i]));
    }

    private static float Lookup(float[] table, float x)
    {
        float position = Math.Clamp(x, 0f, 1f) * CurveSamples;
        int i = Math.Min((int)position, CurveSamples - 1);
        float t = position - i;
        return table[i] + t * (table[i + 1] - table[i]);
    }

    internal static double[] Multiply(double[] a, double[] b)
    {
        var c = new double[9];
        for (int row = 0; row < 3; row++)
        for (int col = 0; col < 3; col++)
            c[3 * row + col] = a[3 * row] * b[col] + a[3 * row + 1] * b[3 + col] + a[3 * row + 2] * b[6 + col];
        return c;
    }

    internal static double[] Invert(double[] m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.Abs(det) < 1e-12) throw new InvalidDataException("singular colorant matrix");
        return
        [
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
        ];
    }
}
