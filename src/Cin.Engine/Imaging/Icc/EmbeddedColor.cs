using System.Buffers.Binary;
using System.IO.Compression;

namespace Cin.Engine.Imaging.Icc;

/// <summary>
/// What a file says about its colours before any pixel is decoded: the embedded ICC profile, if any, and whether a
/// JPEG holds four components (CMYK or YCCK). cin finds profiles itself for JPEG (APP2 "ICC_PROFILE" segments),
/// PNG (iCCP, zlib-compressed; an sRGB chunk also counts) and WebP (the ICCP chunk); for other formats it falls back
/// to what ImageSharp exposes. Malformed containers give "no profile", never an exception.
/// </summary>
internal sealed record EmbeddedColor(byte[]? Profile, bool DeclaresSrgb, int JpegComponents)
{
    public static EmbeddedColor None { get; } = new(null, false, 0);

    /// <summary>The most a profile may inflate to; real profiles are a few KB, large CMYK ones a few MB.</summary>
    private const int MaxProfileBytes = 16 << 20;

    public static EmbeddedColor Find(string format, ReadOnlySpan<byte> file)
    {
        try
        {
            return format switch
            {
                "JPEG" => Jpeg(file),
                "PNG" => Png(file),
                "Webp" => Webp(file),
                _ => None,
            };
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidDataException or IOException)
        {
            return None;
        }
    }

    /// <summary>Walks the markers up to the first scan: APP2 ICC chunks (numbered, reassembled in order) and SOFn.</summary>
    private static EmbeddedColor Jpeg(ReadOnlySpan<byte> f)
    {
        var chunks = new SortedDictionary<int, byte[]>();
        int components = 0;
        int i = 2;
        while (i + 4 <= f.Length)
        {
            if (f[i] != 0xFF) return Result();
            byte marker = f[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0xD8 or 0x01 || marker is >= 0xD0 and <= 0xD7) { i += 2; continue; }
            if (marker is 0xDA or 0xD9) break;
            int length = BinaryPrimitives.ReadUInt16BigEndian(f[(i + 2)..]);
            if (length < 2 || i + 2 + length > f.Length) break;
            var segment = f.Slice(i + 4, length - 2);
            if (marker == 0xE2 && segment.Length > 14 && segment[..12].SequenceEqual("ICC_PROFILE\0"u8))
                chunks.TryAdd(segment[12], segment[14..].ToArray());
            else if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && segment.Length >= 6)
                components = segment[5];
            i += 2 + length;
        }
        return Result();

        EmbeddedColor Result()
        {
            byte[]? profile = chunks.Count == 0 ? null : chunks.Values.SelectMany(c => c).ToArray();
            return new EmbeddedColor(profile, false, components);
        }
    }

    /// <summary>PNG chunks before the image data: iCCP (name, NUL, method 0, zlib stream) and sRGB.</summary>
    private static EmbeddedColor Png(ReadOnlySpan<byte> f)
    {
        int i = 8;
        while (i + 12 <= f.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(f[i..]);
            var type = f.Slice(i + 4, 4);
            if (i + 12 + length > f.Length) break;
            var data = f.Slice(i + 8, (int)length);
            if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8)) break;
            if (type.SequenceEqual("sRGB"u8)) return new EmbeddedColor(null, true, 0);
            if (type.SequenceEqual("iCCP"u8))
            {
                int nul = data.IndexOf((byte)0);
                if (nul < 0 || nul + 2 > data.Length || data[nul + 1] != 0) return None;
                return new EmbeddedColor(Inflate(data[(nul + 2)..].ToArray()), false, 0);
            }
            i += 12 + (int)length;
        }
        return None;
    }

    /// <summary>The RIFF chunks of an extended (VP8X) WebP: ICCP holds the profile as it is.</summary>
    private static EmbeddedColor Webp(ReadOnlySpan<byte> f)
    {
        int i = 12;
        while (i + 8 <= f.Length)
        {
            long size = BinaryPrimitives.ReadUInt32LittleEndian(f[(i + 4)..]);
            if (i + 8 + size > f.Length) break;
            if (f.Slice(i, 4).SequenceEqual("ICCP"u8)) return new EmbeddedColor(f.Slice(i + 8, (int)size).ToArray(), false, 0);
            i += 8 + (int)((size + 1) & ~1L);
        }
        return None;
    }

    private static byte[]? Inflate(byte[] compressed)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = zlib.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > MaxProfileBytes) return null;
        }
        return output.ToArray();
    }
}
