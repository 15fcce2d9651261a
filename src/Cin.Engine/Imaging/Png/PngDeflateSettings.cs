using System.IO.Compression;

namespace Cin.Engine.Imaging.Png;

/// <summary>How <see cref="PngIdatWriter"/> deflates: zlib's level (1-9) and strategy.</summary>
internal sealed record PngDeflateSettings(int Level, ZLibCompressionStrategy Strategy = ZLibCompressionStrategy.Default)
{
    public ZLibCompressionOptions Options => new() { CompressionLevel = Level, CompressionStrategy = Strategy };

    /// <summary>
    /// The zlib stream's two header bytes: deflate with a 32 KiB window, the level class zlib itself records (0 fastest
    /// .. 3 smallest; readers ignore it), and the check bits that make the pair a multiple of 31.
    /// </summary>
    public byte[] ZlibHeader
    {
        get
        {
            int levelClass = Level < 2 ? 0 : Level < 6 ? 1 : Level == 6 ? 2 : 3;
            int header = (0x78 << 8) | (levelClass << 6);
            header += 31 - header % 31;
            return [(byte)(header >> 8), (byte)header];
        }
    }
}
