using System.Buffers.Binary;

namespace Cin.Engine.Imaging.Png;

/// <summary>Reads and writes PNG's framing: the signature and chunks of length, type, data and CRC-32.</summary>
internal static class PngChunks
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Write(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, checked((uint)data.Length));
        type.CopyTo(head[4..]);
        output.Write(head);
        output.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, PngCrc32.Finish(PngCrc32.Update(PngCrc32.Update(PngCrc32.Start, type), data)));
        output.Write(crc);
    }

    /// <summary>IHDR: non-interlaced, deflate, adaptive filtering (the only methods PNG defines).</summary>
    public static void WriteHeader(Stream output, PngPixelRows rows)
    {
        Span<byte> data = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)rows.Width);
        BinaryPrimitives.WriteUInt32BigEndian(data[4..], (uint)rows.Height);
        data[8] = rows.BitDepth;
        data[9] = rows.ColorType;
        data[10] = 0;
        data[11] = 0;
        data[12] = 0;
        Write(output, "IHDR"u8, data);
    }

    public static void WriteEnd(Stream output) => Write(output, "IEND"u8, []);

    /// <summary>The chunks of a whole PNG file in order, as (type, data), without checking CRCs.</summary>
    public static IEnumerable<(string Type, byte[] Data)> Read(byte[] file)
    {
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException("Not a PNG file.");
        int at = 8;
        while (at + 12 <= file.Length)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            yield return (type, file.AsSpan(at + 8, length).ToArray());
            at += 12 + length;
        }
    }
}
