using System.Buffers.Binary;
using System.Text;
using CsCheck;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Tests.Icc;

/// <summary>
/// Inputs for the ICC fuzz tests: real profiles (every kind the reader distinguishes) mutated the way file
/// corruption and hostile files do it, profiles assembled from random tags, plain random bytes, and image
/// containers that carry them. All are CsCheck generators, so a failure shrinks towards fewer, simpler mutations.
/// </summary>
internal static class IccFuzzInputs
{
    /// <summary>Well-formed profiles: RGB matrix/TRC with every curve encoding, a v4 'mluc' name, grey, table-only, CMYK.</summary>
    public static byte[][] Seeds { get; } =
    [
        IccProfiles.AdobeRgb(),
        IccProfiles.SrgbCopy(),
        IccProfiles.DisplayP3(),
        IccProfiles.GrayGamma22(),
        IccProfiles.LutOnlyRgb(),
        IccProfiles.Cmyk(),
        WithMlucName(IccProfiles.AdobeRgb(), "Adobe RGB (1998), v4 name"),
        // Vendors name profiles in their own scripts; this one has letters outside the BMP (surrogate pairs).
        WithMlucName(IccProfiles.DisplayP3(), "ディスプレイ P3 (校正 𠮷 𩸽) – 広色域モニター用プロファイル、第二版、𠀋𡈽𡌛𡑮𡢽𠮟𡚴𡸴𣇄𣗄𣜿𣝣"),
        Rgb("Table curve", CurveTable(256, x => Math.Pow(x, 1.8))),
        Rgb("Identity curve", CurveTable(0, x => x)),
        Rgb("Parametric 0", Parametric(0, 2.2)),
        Rgb("Parametric 1", Parametric(1, 2.2, 1.1, -0.1)),
        Rgb("Parametric 2", Parametric(2, 2.2, 1.1, -0.1, 0.05)),
        Rgb("Parametric 4", Parametric(4, 2.4, 0.95, 0.05, 0.08, 0.04, 0.01, 0.02)),
    ];

    /// <summary>A seed with one to eight mutations.</summary>
    public static Gen<byte[]> MutatedProfile { get; } =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Mutation.Any.Array[1, 8], (seed, mutations) => Mutation.ApplyAll(Seeds[seed], mutations));

    /// <summary>Bytes with no structure at all, and bytes that pass the header check ('acsp', a small tag count).</summary>
    public static Gen<byte[]> RandomBytes { get; } = Gen.OneOf(
        Gen.Byte.Array[0, 600],
        Gen.Select(Gen.Byte.Array[132, 2000], Gen.UInt[0, 40], (bytes, count) =>
        {
            "acsp"u8.CopyTo(bytes.AsSpan(36));
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(128), count);
            return bytes;
        }));

    /// <summary>Profiles assembled from random tags with plausible names and types and random payloads.</summary>
    public static Gen<byte[]> AssembledProfile { get; } = Gen.Select(
        Gen.OneOf<string>("RGB ", "GRAY", "CMYK", "Lab ", "XYZ ", "\0\0\0\0"),
        Gen.OneOf<string>("XYZ ", "Lab ", "RGB "),
        Gen.Select(
            Gen.OneOf<string>("desc", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC", "kTRC", "A2B0", "B2A0", "wtpt", "\0\0\0\0"),
            Gen.OneOf<string>("desc", "mluc", "XYZ ", "curv", "para", "mft2", "\0\0\0\0"),
            Gen.Byte.Array[0, 80]).Array[0, 12],
        (space, pcs, tags) => Profile(space, pcs, tags.Select(t => (t.Item1, (byte[])[.. Encoding.ASCII.GetBytes(t.Item2), 0, 0, 0, 0, .. t.Item3])).ToArray()));

    /// <summary>Any of the above.</summary>
    public static Gen<byte[]> AnyProfile { get; } = Gen.Frequency((4, MutatedProfile), (2, AssembledProfile), (1, RandomBytes));

    private static readonly Lazy<byte[]> s_jpeg = new(() => Encode(new JpegEncoder { Quality = 90 }));
    private static readonly Lazy<byte[]> s_png = new(() => Encode(new PngEncoder()));

    /// <summary>A 6x5 JPEG or PNG carrying a fuzzed profile, itself mutated now and then: (format name, extension, bytes).</summary>
    public static Gen<(string Format, string Extension, byte[] File)> ImageWithProfile { get; } = Gen.Select(
        Gen.Bool, AnyProfile, Mutation.Any.Array[0, 3],
        (jpeg, profile, mutations) => jpeg
            ? ("JPEG", ".jpg", Mutation.ApplyAll(ImageBytes.JpegWithIcc(s_jpeg.Value, profile), mutations))
            : ("PNG", ".png", Mutation.ApplyAll(ImageBytes.PngWithIcc(s_png.Value, profile), mutations)));

    /// <summary>An extended WebP's chunk list with an ICCP chunk (the only part of a WebP cin reads for colour).</summary>
    public static Gen<byte[]> WebpWithProfile { get; } = Gen.Select(AnyProfile, Mutation.Any.Array[0, 3], (profile, mutations) =>
    {
        int padded = profile.Length + (profile.Length & 1);
        var file = new byte[12 + 8 + padded];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        "WEBP"u8.CopyTo(file.AsSpan(8));
        "ICCP"u8.CopyTo(file.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), (uint)profile.Length);
        profile.CopyTo(file, 20);
        return Mutation.ApplyAll(file, mutations);
    });

    private static byte[] Encode(IImageEncoder encoder)
    {
        using var image = new Image<Rgb24>(6, 5);
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 6; x++)
            image[x, y] = new Rgb24((byte)(40 * x), (byte)(50 * y), (byte)(x * y * 8));
        var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static byte[] Rgb(string name, byte[] curve) => IccProfiles.Rgb(name,
        [0.6097559, 0.3111240, 0.0194811], [0.2052401, 0.6256560, 0.0608902], [0.1492240, 0.0632200, 0.7448387], curve);

    /// <summary>'curv' with <paramref name="entries"/> uint16 samples of <paramref name="f"/> (0 entries: identity).</summary>
    private static byte[] CurveTable(int entries, Func<double, double> f)
    {
        var tag = new byte[12 + 2 * entries];
        "curv"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), (uint)entries);
        for (int i = 0; i < entries; i++)
            BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(12 + 2 * i), (ushort)Math.Round(65535 * f(i / (entries - 1.0))));
        return tag;
    }

    private static byte[] Parametric(int type, params double[] p)
    {
        var tag = new byte[12 + 4 * p.Length];
        "para"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(8), (ushort)type);
        for (int i = 0; i < p.Length; i++) BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(12 + 4 * i), (int)Math.Round(p[i] * 65536));
        return tag;
    }

    private static byte[] WithMlucName(byte[] profile, string name) => WithMlucName(profile, Encoding.BigEndianUnicode.GetBytes(name));

    /// <summary>The profile with its 'desc' entry pointed at a v4 'mluc' tag, appended at the end, holding <paramref name="text"/> (UTF-16BE).</summary>
    public static byte[] WithMlucName(byte[] profile, byte[] text)
    {
        var mluc = new byte[28 + text.Length];
        "mluc"u8.CopyTo(mluc);
        BinaryPrimitives.WriteUInt32BigEndian(mluc.AsSpan(8), 1);   // one record
        BinaryPrimitives.WriteUInt32BigEndian(mluc.AsSpan(12), 12); // of 12 bytes
        "enUS"u8.CopyTo(mluc.AsSpan(16));
        BinaryPrimitives.WriteUInt32BigEndian(mluc.AsSpan(20), (uint)text.Length);
        BinaryPrimitives.WriteUInt32BigEndian(mluc.AsSpan(24), 28);
        text.CopyTo(mluc, 28);
        byte[] result = [.. profile, .. mluc];
        BinaryPrimitives.WriteUInt32BigEndian(result, (uint)result.Length);
        int count = (int)BinaryPrimitives.ReadUInt32BigEndian(result.AsSpan(128));
        for (int i = 0; i < count; i++)
        {
            var entry = result.AsSpan(132 + 12 * i, 12);
            if (!entry[..4].SequenceEqual("desc"u8)) continue;
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)profile.Length);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)mluc.Length);
        }
        return result;
    }

    /// <summary>A header (colour space, connection space, 'acsp') and a tag table over the given tags, in order.</summary>
    private static byte[] Profile(string space, string pcs, (string Tag, byte[] Data)[] tags)
    {
        int offset = 132 + 12 * tags.Length;
        var profile = new byte[offset + tags.Sum(t => t.Data.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(profile, (uint)profile.Length);
        BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(8), 0x04300000);
        Encoding.ASCII.GetBytes(space).CopyTo(profile, 16);
        Encoding.ASCII.GetBytes(pcs).CopyTo(profile, 20);
        "acsp"u8.CopyTo(profile.AsSpan(36));
        BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(128), (uint)tags.Length);
        for (int i = 0; i < tags.Length; i++)
        {
            Encoding.ASCII.GetBytes(tags[i].Tag).CopyTo(profile, 132 + 12 * i);
            BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(136 + 12 * i), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(140 + 12 * i), (uint)tags[i].Data.Length);
            tags[i].Data.CopyTo(profile, offset);
            offset += tags[i].Data.Length;
        }
        return profile;
    }
}
