using System.Buffers.Binary;
using System.Text;

namespace Cin.TestSupport;

/// <summary>
/// ICC profiles written byte by byte (ICC.1:2010), so tests can embed known colour spaces without shipping profile
/// files: RGB matrix/TRC profiles (version 2, 'desc' text, XYZ colorants, 'curv' or 'para' curves), a grey profile,
/// a table-only RGB profile and a CMYK one (both for the "cannot apply" path).
/// </summary>
public static class IccProfiles
{
    /// <summary>Adobe RGB (1998): colorants adapted to D50 as in Adobe's own profile, gamma 563/256.</summary>
    public static byte[] AdobeRgb() => Rgb("Adobe RGB (1998)",
        [0.6097559, 0.3111240, 0.0194811], [0.2052401, 0.6256560, 0.0608902], [0.1492240, 0.0632200, 0.7448387],
        Gamma(563 / 256.0));

    /// <summary>sRGB's colorants and curve under another name, as cameras embed it.</summary>
    public static byte[] SrgbCopy() => Rgb("sRGB IEC61966-2.1 (camera copy)",
        [0.4360747, 0.2225045, 0.0139322], [0.3850649, 0.7168786, 0.0971045], [0.1430804, 0.0606169, 0.7141733],
        SrgbParametric());

    /// <summary>Display P3: P3 primaries, D65 white adapted to D50, the sRGB curve.</summary>
    public static byte[] DisplayP3() => Rgb("Display P3",
        [0.5151215, 0.2412029, -0.0010561], [0.2919769, 0.6922455, 0.0418854], [0.1571289, 0.0665514, 0.7840767],
        SrgbParametric());

    /// <summary>A grey profile with gamma 2.2 (Photoshop's "Gray Gamma 2.2").</summary>
    public static byte[] GrayGamma22() => Profile("GRAY", "Gray Gamma 2.2", [("kTRC", Gamma(2.2))]);

    /// <summary>An RGB profile with only an A2B0 table (contents irrelevant): cin cannot apply it.</summary>
    public static byte[] LutOnlyRgb() => Profile("RGB ", "Table-only RGB", [("A2B0", [.. "mft2"u8, 0, 0, 0, 0, .. new byte[40]])]);

    /// <summary>A CMYK output profile stub (the class and colour space are what matter).</summary>
    public static byte[] Cmyk() => Profile("CMYK", "Coated FOGRA39 (stub)", [("A2B0", [.. "mft2"u8, 0, 0, 0, 0, .. new byte[40]])], "prtr");

    public static byte[] Rgb(string name, double[] r, double[] g, double[] b, byte[] curve) =>
        Profile("RGB ", name, [("rXYZ", Xyz(r)), ("gXYZ", Xyz(g)), ("bXYZ", Xyz(b)), ("wtpt", Xyz([0.9642, 1.0, 0.8249])),
            ("rTRC", curve), ("gTRC", curve), ("bTRC", curve)]);

    public static byte[] Gamma(double gamma)
    {
        var tag = new byte[14];
        "curv"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(12), (ushort)Math.Round(gamma * 256));
        return tag;
    }

    /// <summary>The sRGB curve as parametric type 3 (g, a, b, c, d).</summary>
    public static byte[] SrgbParametric()
    {
        double[] p = [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045];
        var tag = new byte[12 + 4 * p.Length];
        "para"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(8), 3);
        for (int i = 0; i < p.Length; i++) BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(12 + 4 * i), (int)Math.Round(p[i] * 65536));
        return tag;
    }

    private static byte[] Xyz(double[] v)
    {
        var tag = new byte[20];
        "XYZ "u8.CopyTo(tag);
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(8 + 4 * i), (int)Math.Round(v[i] * 65536));
        return tag;
    }

    private static byte[] Description(string text)
    {
        byte[] ascii = Encoding.ASCII.GetBytes(text + "\0");
        var tag = new byte[12 + ascii.Length + 4 + 4 + 2 + 1 + 67];
        "desc"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), (uint)ascii.Length);
        ascii.CopyTo(tag, 12);
        return tag;
    }

    private static byte[] Profile(string colorSpace, string name, (string Tag, byte[] Data)[] tags, string profileClass = "mntr")
    {
        var all = new List<(string Tag, byte[] Data)> { ("desc", Description(name)) };
        all.AddRange(tags);
        int offset = 128 + 4 + 12 * all.Count;
        var table = new List<(string Tag, int Offset, int Size)>();
        var body = new MemoryStream();
        foreach (var (tag, data) in all)
        {
            table.Add((tag, offset + (int)body.Length, data.Length));
            body.Write(data);
            while (body.Length % 4 != 0) body.WriteByte(0);
        }
        int size = offset + (int)body.Length;
        var profile = new byte[size];
        var span = profile.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)size);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 0x02100000); // version 2.1
        Encoding.ASCII.GetBytes(profileClass).CopyTo(span[12..]);
        Encoding.ASCII.GetBytes(colorSpace.PadRight(4)).CopyTo(span[16..]);
        Encoding.ASCII.GetBytes(colorSpace == "CMYK" ? "Lab " : "XYZ ").CopyTo(span[20..]);
        "acsp"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32BigEndian(span[68..], (int)Math.Round(0.9642 * 65536));
        BinaryPrimitives.WriteInt32BigEndian(span[72..], 65536);
        BinaryPrimitives.WriteInt32BigEndian(span[76..], (int)Math.Round(0.8249 * 65536));
        BinaryPrimitives.WriteUInt32BigEndian(span[128..], (uint)all.Count);
        for (int i = 0; i < table.Count; i++)
        {
            Encoding.ASCII.GetBytes(table[i].Tag).CopyTo(span[(132 + 12 * i)..]);
            BinaryPrimitives.WriteUInt32BigEndian(span[(136 + 12 * i)..], (uint)table[i].Offset);
            BinaryPrimitives.WriteUInt32BigEndian(span[(140 + 12 * i)..], (uint)table[i].Size);
        }
        body.ToArray().CopyTo(profile, offset);
        return profile;
    }
}
