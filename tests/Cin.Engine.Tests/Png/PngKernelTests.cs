using Cin.Engine.Imaging.Png;

namespace Cin.Engine.Tests.Png;

/// <summary>The PNG writer's kernels against plain reference twins written from the specifications.</summary>
public sealed class PngKernelTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(7, 3)]
    [InlineData(33, 3)]
    [InlineData(100, 4)]
    [InlineData(65, 6)]
    [InlineData(257, 8)]
    [InlineData(1, 8)]
    public void Paeth_matches_the_reference_for_every_width_and_pixel_size(int width, int bytesPerPixel)
    {
        var random = new Random(width * 31 + bytesPerPixel);
        int length = width * bytesPerPixel;
        foreach (bool smooth in new[] { false, true })
        {
            byte[] row = Bytes(random, length, smooth), above = Bytes(random, length, smooth);
            var fast = new byte[length];
            PngPaethFilter.Apply(row, above, bytesPerPixel, fast);
            Assert.Equal(ReferencePaeth(row, above, bytesPerPixel), fast);
            // And the filter undoes: the decoder's reconstruction gives the row back.
            Assert.Equal(row, ReferenceUnpaeth(fast, above, bytesPerPixel));
        }
    }

    [Fact]
    public void Paeth_breaks_ties_as_the_specification_does()
    {
        // Every combination of small values, where ties between the three distances are common.
        for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
        for (int c = 0; c < 4; c++)
        {
            // 40 one-byte pixels, so the vector path sees them: rows of small values alternating, whose three distances tie often.
            var row = new byte[40];
            var above = new byte[40];
            for (int i = 0; i < 40; i++)
            {
                row[i] = (byte)(i % 3 == 0 ? a : i % 3 == 1 ? b : c);
                above[i] = (byte)(i % 2 == 0 ? c : b);
            }
            var fast = new byte[40];
            PngPaethFilter.Apply(row, above, 1, fast);
            Assert.Equal(ReferencePaeth(row, above, 1), fast);
        }
    }

    [Fact]
    public void Crc32_matches_the_check_value_and_a_bitwise_reference()
    {
        Assert.Equal(0xCBF43926u, PngCrc32.Compute("123456789"u8));
        var random = new Random(5);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 63, 1000 })
        {
            var data = Bytes(random, length, smooth: false);
            Assert.Equal(ReferenceCrc32(data), PngCrc32.Compute(data));
            // Split anywhere, the running value gives the same.
            int cut = length / 3;
            Assert.Equal(ReferenceCrc32(data), PngCrc32.Finish(PngCrc32.Update(PngCrc32.Update(PngCrc32.Start, data.AsSpan(0, cut)), data.AsSpan(cut))));
        }
    }

    [Fact]
    public void Adler32_matches_the_reference_and_combines_pieces()
    {
        Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));
        var random = new Random(6);
        // 255s make the sums grow fastest: past the run at which the reference must reduce.
        var full = Enumerable.Repeat((byte)255, 20000).ToArray();
        Assert.Equal(ReferenceAdler32(full), Adler32.Compute(full));
        var data = Bytes(random, 50000, smooth: false);
        Assert.Equal(ReferenceAdler32(data), Adler32.Compute(data));
        foreach (int cut in new[] { 0, 1, 5552, 20000, 49999, 50000 })
        {
            uint combined = Adler32.Combine(Adler32.Compute(data.AsSpan(0, cut)), Adler32.Compute(data.AsSpan(cut)), data.Length - cut);
            Assert.Equal(ReferenceAdler32(data), combined);
        }
        // A long second piece: its length is reduced modulo 65521 on the way.
        var ones = Enumerable.Repeat((byte)1, 200000).ToArray();
        Assert.Equal(ReferenceAdler32([.. data, .. ones]), Adler32.Combine(Adler32.Compute(data), Adler32.Compute(ones), ones.Length));
    }

    [Fact]
    public void Rounding_to_8_bits_agrees_with_the_pipelines_rounding_at_every_level()
    {
        // The writer rounds 16-bit pixels as it reads them, so ImageWriter need not round them first for PNG.
        var row = new SixLabors.ImageSharp.PixelFormats.Rgba64[1];
        for (int v = 0; v < 65536; v++)
        {
            row[0] = new((ushort)v, (ushort)v, (ushort)v, (ushort)v);
            Cin.Engine.Imaging.PixelConversion.RoundTo8Bits(row);
            Assert.Equal(row[0].R >> 8, PngPixelRows.To8Bits((ushort)v));
            Assert.Equal(row[0].A >> 8, PngPixelRows.To8Bits((ushort)v));
        }
    }

    [Fact]
    public void The_zlib_header_is_valid_for_every_level()
    {
        for (int level = 1; level <= 9; level++)
        {
            byte[] header = new PngDeflateSettings(level).ZlibHeader;
            Assert.Equal(0x78, header[0]);
            Assert.Equal(0, (header[0] * 256 + header[1]) % 31);
            Assert.Equal(0, header[1] & 0x20); // no preset dictionary
        }
    }

    private static byte[] Bytes(Random random, int length, bool smooth)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (smooth)
            for (int i = 1; i < length; i++) bytes[i] = (byte)(bytes[i - 1] + bytes[i] % 5 - 2);
        return bytes;
    }

    // PNG specification, 9.4: p = a + b - c; pa = |p - a|, pb = |p - b|, pc = |p - c|; a if pa <= pb and pa <= pc, else b if pb <= pc, else c.
    private static byte PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private static byte[] ReferencePaeth(byte[] row, byte[] above, int bpp)
    {
        var filtered = new byte[row.Length];
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0;
            filtered[i] = (byte)(row[i] - PaethPredictor(a, b, c));
        }
        return filtered;
    }

    private static byte[] ReferenceUnpaeth(byte[] filtered, byte[] above, int bpp)
    {
        var row = new byte[filtered.Length];
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0;
            row[i] = (byte)(filtered[i] + PaethPredictor(a, b, c));
        }
        return row;
    }

    private static uint ReferenceCrc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static uint ReferenceAdler32(byte[] data)
    {
        long a = 1, b = 0;
        foreach (byte x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (uint)(b << 16 | a);
    }
}
