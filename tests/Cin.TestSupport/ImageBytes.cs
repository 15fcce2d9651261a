using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Cin.TestSupport;

/// <summary>
/// Edits encoded image files at the byte level: embedding ICC profiles where ImageSharp 2.1 would not write them,
/// and headers that declare absurd sizes (decompression bombs) with hardly any data behind them.
/// </summary>
public static class ImageBytes
{
    /// <summary>Inserts APP2 "ICC_PROFILE" segments (one chunk each 65519 bytes) right after the JPEG's SOI.</summary>
    public static byte[] JpegWithIcc(byte[] jpeg, byte[] profile)
    {
        const int chunk = 65519;
        int count = (profile.Length + chunk - 1) / chunk;
        var file = new MemoryStream();
        file.Write(jpeg, 0, 2);
        for (int i = 0; i < count; i++)
        {
            var part = profile.AsSpan(i * chunk, Math.Min(chunk, profile.Length - i * chunk));
            int length = 2 + 12 + 2 + part.Length;
            file.Write([0xFF, 0xE2, (byte)(length >> 8), (byte)length]);
            file.Write("ICC_PROFILE\0"u8);
            file.Write([(byte)(i + 1), (byte)count]);
            file.Write(part);
        }
        file.Write(jpeg, 2, jpeg.Length - 2);
        return file.ToArray();
    }

    /// <summary>Inserts an iCCP chunk (zlib-compressed profile) right after the PNG's IHDR.</summary>
    public static byte[] PngWithIcc(byte[] png, byte[] profile, string name = "icc")
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(profile);
        byte[] data = [.. Encoding.ASCII.GetBytes(name), 0, 0, .. compressed.ToArray()];
        int afterIhdr = 8 + 12 + 13;
        return [.. png.AsSpan(0, afterIhdr), .. PngChunk("iCCP", data), .. png.AsSpan(afterIhdr)];
    }

    /// <summary>A PNG whose IHDR declares <paramref name="width"/> x <paramref name="height"/> RGB pixels, with a few bytes of image data.</summary>
    public static byte[] PngBomb(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true)) z.Write(new byte[1024]);
        return [137, 80, 78, 71, 13, 10, 26, 10, .. PngChunk("IHDR", ihdr), .. PngChunk("IDAT", idat.ToArray()), .. PngChunk("IEND", [])];
    }

    /// <summary>A real JPEG with its start-of-frame size rewritten to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] JpegDeclaring(byte[] jpeg, ushort width, ushort height)
    {
        byte[] copy = (byte[])jpeg.Clone();
        for (int i = 2; i + 9 < copy.Length;)
        {
            if (copy[i] != 0xFF) { i++; continue; }
            byte marker = copy[i + 1];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), width);
                return copy;
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(i + 2));
        }
        throw new InvalidDataException("no start-of-frame marker");
    }

    /// <summary>A GIF whose logical screen and only frame claim 65535x65535, with a tiny LZW stream.</summary>
    public static byte[] GifBomb() =>
    [
        .. "GIF89a"u8, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, // screen 65535x65535, 2-colour global table
        0, 0, 0, 255, 255, 255,
        0x2C, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, // image descriptor: the whole screen
        2, 2, 0x44, 0x01, 0, // LZW minimum code size 2, one tiny data block, terminator
        0x3B,
    ];

    /// <summary>A 24-bit BMP header declaring <paramref name="width"/> x <paramref name="height"/> with a few pixels of data.</summary>
    public static byte[] BmpBomb(int width, int height)
    {
        var file = new byte[54 + 64];
        var s = file.AsSpan();
        "BM"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[2..], (uint)file.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s[10..], 54);
        BinaryPrimitives.WriteUInt32LittleEndian(s[14..], 40);
        BinaryPrimitives.WriteInt32LittleEndian(s[18..], width);
        BinaryPrimitives.WriteInt32LittleEndian(s[22..], height);
        BinaryPrimitives.WriteUInt16LittleEndian(s[26..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(s[28..], 24);
        return file;
    }

    /// <summary>
    /// A WebP declaring 16384x16384 (the format's maximum): an extended header (VP8X) and a lossless image header
    /// (VP8L: signature 0x2F, then 14 bits each of width - 1 and height - 1) with no image data after it.
    /// </summary>
    public static byte[] WebpBomb()
    {
        byte[] vp8x = [0, 0, 0, 0, 0xFF, 0x3F, 0, 0xFF, 0x3F, 0]; // flags, reserved, width-1 and height-1 (24-bit LE): 16383
        byte[] vp8l = [0x2F, 0xFF, 0xFF, 0xFF, 0x0F, 0]; // 16383 | 16383 << 14, no alpha, version 0; padded to even
        var riff = new MemoryStream();
        riff.Write("WEBP"u8);
        riff.Write("VP8X"u8);
        riff.Write(BitConverter.GetBytes(vp8x.Length));
        riff.Write(vp8x);
        riff.Write("VP8L"u8);
        riff.Write(BitConverter.GetBytes(5));
        riff.Write(vp8l);
        byte[] body = riff.ToArray();
        return [.. "RIFF"u8, .. BitConverter.GetBytes(body.Length), .. body];
    }

    /// <summary>A little-endian TIFF declaring <paramref name="width"/> x <paramref name="height"/> 8-bit RGB, one strip of 16 bytes.</summary>
    public static byte[] TiffBomb(uint width, uint height)
    {
        var entries = new (ushort Tag, ushort Type, uint Value)[]
        {
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 2), (273, 4, 200),
            (277, 3, 3), (278, 4, height), (279, 4, 16),
        };
        var file = new byte[216];
        var s = file.AsSpan();
        "II"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], (ushort)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            var e = s[(10 + 12 * i)..];
            BinaryPrimitives.WriteUInt16LittleEndian(e, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], 1);
            if (entries[i].Type == 3) BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)entries[i].Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(e[8..], entries[i].Value);
        }
        return file;
    }

    /// <summary>
    /// An uncompressed little-endian TIFF with 16 bits per RGB sample (ImageSharp 2.1's encoder writes only 8); the
    /// samples come from <paramref name="sample"/>(x, y, channel).
    /// </summary>
    public static byte[] Tiff16(int width, int height, Func<int, int, int, ushort> sample)
    {
        int dataOffset = 8 + 2 + 10 * 12 + 4, bitsOffset = dataOffset, pixels = bitsOffset + 6;
        int dataLength = width * height * 6;
        var file = new byte[pixels + dataLength];
        var s = file.AsSpan();
        "II"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);
        var entries = new (ushort Tag, ushort Type, uint Count, uint Value)[]
        {
            (256, 4, 1, (uint)width), (257, 4, 1, (uint)height), (258, 3, 3, (uint)bitsOffset), (259, 3, 1, 1),
            (262, 3, 1, 2), (273, 4, 1, (uint)pixels), (277, 3, 1, 3), (278, 4, 1, (uint)height),
            (279, 4, 1, (uint)dataLength), (284, 3, 1, 1),
        };
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], (ushort)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            var e = s[(10 + 12 * i)..];
            BinaryPrimitives.WriteUInt16LittleEndian(e, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], entries[i].Count);
            if (entries[i].Type == 3 && entries[i].Count == 1) BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)entries[i].Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(e[8..], entries[i].Value);
        }
        for (int c = 0; c < 3; c++) BinaryPrimitives.WriteUInt16LittleEndian(s[(bitsOffset + 2 * c)..], 16);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        for (int c = 0; c < 3; c++)
            BinaryPrimitives.WriteUInt16LittleEndian(s[(pixels + ((y * width + x) * 3 + c) * 2)..], sample(x, y, c));
        return file;
    }

    private static byte[] PngChunk(string type, byte[] data)
    {
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        uint crc = Crc32(chunk.AsSpan(4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), crc);
        return chunk;
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
