using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging.Png;

/// <summary>
/// An image's rows as a PNG holds them before filtering: RGB or RGBA, 8 bits a channel or 16 big-endian ones. Rows
/// are produced on demand, on any thread, from the pipeline's own pixels (16-bit Rgba64 or 8-bit Rgba32), so the
/// writer never holds a converted copy of the image.
/// </summary>
internal sealed class PngPixelRows
{
    private readonly Action<int, Span<byte>> _fill;

    private PngPixelRows(int width, int height, bool alpha, bool sixteenBits, Action<int, Span<byte>> fill)
    {
        Width = width;
        Height = height;
        HasAlpha = alpha;
        SixteenBits = sixteenBits;
        BytesPerPixel = (alpha ? 4 : 3) * (sixteenBits ? 2 : 1);
        _fill = fill;
    }

    public int Width { get; }
    public int Height { get; }
    public bool HasAlpha { get; }
    public bool SixteenBits { get; }
    public int BytesPerPixel { get; }
    public int RowBytes => Width * BytesPerPixel;

    /// <summary>IHDR's colour type: 6 (RGBA) or 2 (RGB).</summary>
    public byte ColorType => HasAlpha ? (byte)6 : (byte)2;
    public byte BitDepth => SixteenBits ? (byte)16 : (byte)8;

    /// <summary>Writes row <paramref name="y"/>'s <see cref="RowBytes"/> bytes.</summary>
    public void Fill(int y, Span<byte> destination) => _fill(y, destination[..RowBytes]);

    /// <summary>
    /// 16-bit pixels, written with 16 bits a channel or rounded to 8 (the rounding ImageSharp's encoders use, exact for
    /// the k * 257 levels of an image already rounded to 8 bits).
    /// </summary>
    public static PngPixelRows From(Image<Rgba64> image, bool alpha, bool sixteenBits) =>
        new(image.Width, image.Height, alpha, sixteenBits, (y, destination) =>
        {
            ReadOnlySpan<Rgba64> row = image.DangerousGetPixelRowMemory(y).Span;
            if (sixteenBits && alpha)
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<Rgba64, ushort>(row), MemoryMarshal.Cast<byte, ushort>(destination));
            }
            else if (sixteenBits)
            {
                for (int x = 0, o = 0; x < row.Length; x++, o += 6)
                {
                    Rgba64 p = row[x];
                    BinaryPrimitives.WriteUInt16BigEndian(destination[o..], p.R);
                    BinaryPrimitives.WriteUInt16BigEndian(destination[(o + 2)..], p.G);
                    BinaryPrimitives.WriteUInt16BigEndian(destination[(o + 4)..], p.B);
                }
            }
            else if (alpha)
            {
                ReadOnlySpan<ushort> words = MemoryMarshal.Cast<Rgba64, ushort>(row);
                for (int i = 0; i < words.Length; i++) destination[i] = To8Bits(words[i]);
            }
            else
            {
                for (int x = 0, o = 0; x < row.Length; x++, o += 3)
                {
                    Rgba64 p = row[x];
                    destination[o] = To8Bits(p.R);
                    destination[o + 1] = To8Bits(p.G);
                    destination[o + 2] = To8Bits(p.B);
                }
            }
        });

    public static PngPixelRows From(Image<Rgba32> image, bool alpha) =>
        new(image.Width, image.Height, alpha, false, (y, destination) =>
        {
            ReadOnlySpan<Rgba32> row = image.DangerousGetPixelRowMemory(y).Span;
            if (alpha)
            {
                MemoryMarshal.AsBytes(row).CopyTo(destination);
                return;
            }
            for (int x = 0, o = 0; x < row.Length; x++, o += 3)
            {
                Rgba32 p = row[x];
                destination[o] = p.R;
                destination[o + 1] = p.G;
                destination[o + 2] = p.B;
            }
        });

    /// <summary>A 16-bit level to the nearest 8-bit one, as ImageSharp rounds (k * 257 gives k exactly).</summary>
    internal static byte To8Bits(ushort value) => (byte)((value * 255u + 32895u) >> 16);
}
