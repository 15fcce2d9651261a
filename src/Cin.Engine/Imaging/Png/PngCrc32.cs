using System.Buffers.Binary;

namespace Cin.Engine.Imaging.Png;

/// <summary>
/// The CRC-32 every PNG chunk ends with (ISO 3309, reflected polynomial 0xEDB88320), eight bytes a step through eight
/// tables. The BCL's own CRC-32 lives in the System.IO.Hashing package, which cin does not reference; SSE4.2's crc32
/// instruction computes CRC-32C, another polynomial. Kept as a running value (<see cref="Start"/>, <see cref="Update"/>,
/// <see cref="Finish"/>) so that a chunk's CRC can be begun on the thread that compressed it and ended by the writer.
/// </summary>
internal static class PngCrc32
{
    public const uint Start = 0xFFFFFFFFu;

    private const uint Polynomial = 0xEDB88320u;

    // Table k holds the CRC of a byte followed by k zero bytes, so eight bytes fold in with eight look-ups.
    private static readonly uint[] s_tables = CreateTables();

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t = s_tables;
        while (data.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7 * 256 + (low & 0xFF)] ^ t[6 * 256 + ((low >> 8) & 0xFF)] ^ t[5 * 256 + ((low >> 16) & 0xFF)] ^ t[4 * 256 + (low >> 24)]
                ^ t[3 * 256 + (high & 0xFF)] ^ t[2 * 256 + ((high >> 8) & 0xFF)] ^ t[256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
            data = data[8..];
        }
        foreach (byte b in data) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    public static uint Finish(uint crc) => ~crc;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Start, data));

    private static uint[] CreateTables()
    {
        var tables = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            tables[n] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int n = 0; n < 256; n++)
            {
                uint previous = tables[(k - 1) * 256 + n];
                tables[k * 256 + n] = (previous >> 8) ^ tables[previous & 0xFF];
            }
        return tables;
    }
}
