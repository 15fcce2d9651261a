namespace Cin.Cli.Tests;

/// <summary>
/// Writes a small four-component (CMYK) baseline JPEG by hand, because ImageSharp 2.1 can decode CMYK JPEGs but not
/// encode them. Every 8x8 block is flat (DC coefficient only, all AC coefficients zero), which keeps the encoder to
/// a few dozen lines: the DC differences are Huffman-coded with the standard luminance DC table from the JPEG
/// specification (Annex K.3) and each block ends at once with an end-of-block code. An Adobe APP14 marker says
/// "transform 0" (no colour transform, CMYK); like Photoshop's files the ink values are stored inverted
/// (255 = no ink), which is the convention decoders assume for Adobe CMYK JPEGs.
/// </summary>
internal static class CmykJpeg
{
    // Annex K.3, table K.3: code-length counts for lengths 1..16 and the symbols (DC categories 0..11).
    private static readonly byte[] DcBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    /// <summary>
    /// A CMYK JPEG of <paramref name="width"/> x <paramref name="height"/> pixels whose ink at each 8x8 block is
    /// <paramref name="ink"/>(blockX, blockY) as (c, m, y, k) in 0..255 (255 = full ink).
    /// </summary>
    public static byte[] Create(int width, int height, Func<int, int, (byte C, byte M, byte Y, byte K)> ink, bool adobeMarker = true)
    {
        var file = new MemoryStream();
        void Marker(byte code, byte[] payload)
        {
            file.WriteByte(0xFF);
            file.WriteByte(code);
            file.WriteByte((byte)((payload.Length + 2) >> 8));
            file.WriteByte((byte)(payload.Length + 2));
            file.Write(payload);
        }

        file.Write([0xFF, 0xD8]);
        if (adobeMarker) Marker(0xEE, [(byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0]);
        // One quantization table of ones: the DC coefficient is stored as it is.
        Marker(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        Marker(0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        Marker(0xC4, [0x00, .. DcBits, .. DcValues]);
        // An AC table with a single one-bit code, for the only AC symbol used: 0x00, end of block.
        Marker(0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        Marker(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);

        var (codes, lengths) = DcCodes();
        var bits = new BitWriter(file);
        var previous = new int[4];
        int blocksX = (width + 7) / 8, blocksY = (height + 7) / 8;
        for (int by = 0; by < blocksY; by++)
        for (int bx = 0; bx < blocksX; bx++)
        {
            var (c, m, y, k) = ink(bx, by);
            byte[] stored = [(byte)(255 - c), (byte)(255 - m), (byte)(255 - y), (byte)(255 - k)];
            for (int component = 0; component < 4; component++)
            {
                // A flat block of value v has DC coefficient 8 * (v - 128) after the level shift.
                int dc = 8 * (stored[component] - 128);
                int diff = dc - previous[component];
                previous[component] = dc;
                int magnitude = Math.Abs(diff), category = 0;
                while (magnitude >> category != 0) category++;
                bits.Write(codes[category], lengths[category]);
                if (category > 0) bits.Write(diff < 0 ? diff - 1 + (1 << category) : diff, category);
                bits.Write(0, 1); // end of block
            }
        }
        bits.Flush();
        file.Write([0xFF, 0xD9]);
        return file.ToArray();
    }

    /// <summary>The canonical Huffman codes of the DC table (JPEG Annex C).</summary>
    private static (int[] Codes, int[] Lengths) DcCodes()
    {
        var codes = new int[12];
        var lengths = new int[12];
        int code = 0, symbol = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < DcBits[length - 1]; i++)
            {
                codes[DcValues[symbol]] = code++;
                lengths[DcValues[symbol]] = length;
                symbol++;
            }
            code <<= 1;
        }
        return (codes, lengths);
    }

    /// <summary>Entropy-coded bits, most significant first, with a 0x00 stuffed after every 0xFF byte.</summary>
    private sealed class BitWriter(Stream stream)
    {
        private int _buffer, _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8) Emit();
            }
        }

        /// <summary>Pads the last byte with one bits, as the standard asks.</summary>
        public void Flush()
        {
            while (_count != 0) Write(1, 1);
        }

        private void Emit()
        {
            stream.WriteByte((byte)_buffer);
            if (_buffer == 0xFF) stream.WriteByte(0);
            _buffer = 0;
            _count = 0;
        }
    }
}
