using System.Runtime.InteropServices;
using Cin.Engine.Kernels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging;

/// <summary>Between ImageSharp's 16-bit (and, for the photo pipeline, 8-bit) RGBA pixels and the engine's float RGB maps.</summary>
internal static class PixelConversion
{
    private const float FromWord = 1f / 65535f;

    /// <summary>
    /// Splits an image into RGB in [0,1] and a 16-bit alpha plane. The plane is kept when the file declares an alpha
    /// channel (<paramref name="keepAlpha"/>) or when any pixel is not opaque (a palette PNG or GIF with a
    /// transparent colour declares none); otherwise it is dropped so opaque inputs stay opaque.
    /// </summary>
    public static (FeatureMap Rgb, ushort[]? Alpha) ToFeatureMap(Image<Rgba64> image, bool keepAlpha)
    {
        int width = image.Width, height = image.Height;
        var rgb = new FeatureMap(height, width, 3);
        var alpha = new ushort[checked(width * height)];
        bool translucent = false;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                Span<Rgba64> row = rows.GetRowSpan(y);
                Span<float> dst = rgb.Row(y);
                for (int x = 0; x < width; x++)
                {
                    Rgba64 p = row[x];
                    dst[3 * x] = p.R * FromWord;
                    dst[3 * x + 1] = p.G * FromWord;
                    dst[3 * x + 2] = p.B * FromWord;
                    alpha[y * width + x] = p.A;
                    translucent |= p.A != ushort.MaxValue;
                }
            }
        });
        return (rgb, keepAlpha || translucent ? alpha : null);
    }

    /// <summary>
    /// Packs an RGB map rounded to the nearest 8-bit level, and an optional alpha plane rounded likewise, into 16-bit
    /// pixels (level k stored as k * 257, which ImageSharp's encoders turn back into k exactly). Every image cin
    /// decodes, resizes or encodes is Image&lt;Rgba64&gt;: ImageSharp compiles each decoder, encoder and processor once
    /// per pixel type, so a single pixel type keeps the native binary several megabytes smaller.
    /// </summary>
    public static Image<Rgba64> ToImage8(FeatureMap rgb, ushort[]? alpha, Configuration configuration)
    {
        Check(rgb, alpha);
        int width = rgb.Width;
        return PackRowsInParallel<Rgba64>(rgb, configuration, (src, row, y) =>
        {
            for (int x = 0; x < width; x++)
            {
                // 16-bit alpha to 8 bits, rounded: exact for alpha that came from 8 bits (k * 257).
                ushort a = alpha is null ? ushort.MaxValue : (ushort)((alpha[y * width + x] + 128) / 257 * 257);
                row[x] = new Rgba64((ushort)(ToByte(src[3 * x]) * 257), (ushort)(ToByte(src[3 * x + 1]) * 257), (ushort)(ToByte(src[3 * x + 2]) * 257), a);
            }
        });
    }

    /// <summary>
    /// Packs an RGB map rounded to the nearest 8-bit level into 8-bit pixels, for JPEG: its encoder converts 8-bit RGB
    /// to YCbCr along a much shorter path than 16-bit RGBA, and JPEG keeps no alpha.
    /// </summary>
    public static Image<Rgb24> ToRgb24(FeatureMap rgb, Configuration configuration)
    {
        Check(rgb, null);
        int width = rgb.Width;
        return PackRowsInParallel<Rgb24>(rgb, configuration, (src, row, _) =>
        {
            for (int x = 0; x < width; x++) row[x] = new Rgb24(ToByte(src[3 * x]), ToByte(src[3 * x + 1]), ToByte(src[3 * x + 2]));
        });
    }

    /// <summary>16-bit pixels as 8-bit RGB, each channel rounded to the nearest level (alpha dropped), for JPEG: see the overload above.</summary>
    public static Image<Rgb24> ToRgb24(Image<Rgba64> pixels, Configuration configuration)
    {
        var image = new Image<Rgb24>(configuration, pixels.Width, pixels.Height);
        RowParallel.For(pixels.Height, configuration.MaxDegreeOfParallelism, y =>
        {
            ReadOnlySpan<Rgba64> source = pixels.DangerousGetPixelRowMemory(y).Span;
            Span<Rgb24> row = image.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < row.Length; x++)
                row[x] = new Rgb24(ToByte(source[x].R * FromWord), ToByte(source[x].G * FromWord), ToByte(source[x].B * FromWord));
        });
        return image;
    }

    private delegate void RowPacker<TPixel>(ReadOnlySpan<float> source, Span<TPixel> row, int y);

    /// <summary>
    /// A new image the map's size, its rows packed in parallel: this is the last step before the encoder, with every
    /// other core idle.
    /// </summary>
    private static Image<TPixel> PackRowsInParallel<TPixel>(FeatureMap rgb, Configuration configuration, RowPacker<TPixel> pack)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var image = new Image<TPixel>(configuration, rgb.Width, rgb.Height);
        RowParallel.For(rgb.Height, configuration.MaxDegreeOfParallelism, y => pack(rgb.Row(y), image.DangerousGetPixelRowMemory(y).Span, y));
        return image;
    }

    /// <summary>Packs an RGB map (clamped, rounded to the nearest 16-bit level) and an optional alpha plane.</summary>
    public static Image<Rgba64> ToImage16(FeatureMap rgb, ushort[]? alpha, Configuration configuration)
    {
        Check(rgb, alpha);
        int width = rgb.Width, height = rgb.Height;
        var image = new Image<Rgba64>(configuration, width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                Span<Rgba64> row = rows.GetRowSpan(y);
                ReadOnlySpan<float> src = rgb.Row(y);
                for (int x = 0; x < width; x++)
                {
                    ushort a = alpha is null ? ushort.MaxValue : alpha[y * width + x];
                    row[x] = new Rgba64(ToWord(src[3 * x]), ToWord(src[3 * x + 1]), ToWord(src[3 * x + 2]), a);
                }
            }
        });
        return image;
    }

    /// <summary>One row of 16-bit pixels as RGB floats in [0,1] (alpha is not read): the network's input, a band at a time.</summary>
    public static void ReadRgb(ReadOnlySpan<Rgba64> row, Span<float> rgb)
    {
        for (int x = 0; x < row.Length; x++)
        {
            Rgba64 p = row[x];
            rgb[3 * x] = p.R * FromWord;
            rgb[3 * x + 1] = p.G * FromWord;
            rgb[3 * x + 2] = p.B * FromWord;
        }
    }

    /// <summary>
    /// Writes RGB floats into a row of 16-bit pixels, keeping each pixel's alpha: rounded to the nearest 16-bit level,
    /// or with <paramref name="bits"/> 8 to the nearest 8-bit level stored as k * 257, the rounding
    /// <see cref="ToImage8"/> does, so the value reaches an 8-bit file in one rounding, not two.
    /// </summary>
    public static void WriteRgb(ReadOnlySpan<float> rgb, Span<Rgba64> row, int bits)
    {
        if (bits > 8)
        {
            for (int x = 0; x < row.Length; x++)
                row[x] = new Rgba64(ToWord(rgb[3 * x]), ToWord(rgb[3 * x + 1]), ToWord(rgb[3 * x + 2]), row[x].A);
        }
        else
        {
            for (int x = 0; x < row.Length; x++)
                row[x] = new Rgba64((ushort)(ToByte(rgb[3 * x]) * 257), (ushort)(ToByte(rgb[3 * x + 1]) * 257), (ushort)(ToByte(rgb[3 * x + 2]) * 257), row[x].A);
        }
    }

    /// <summary>
    /// Rounds a row of 16-bit pixels to 8-bit levels stored as k * 257, colour and alpha, the rounding
    /// <see cref="ToImage8"/> does from floats (a level already k * 257 stays as it is).
    /// </summary>
    public static void RoundTo8Bits(Span<Rgba64> row)
    {
        for (int x = 0; x < row.Length; x++)
        {
            Rgba64 p = row[x];
            row[x] = new Rgba64((ushort)(ToByte(p.R * FromWord) * 257), (ushort)(ToByte(p.G * FromWord) * 257), (ushort)(ToByte(p.B * FromWord) * 257),
                (ushort)((p.A + 128) / 257 * 257));
        }
    }

    /// <summary>
    /// One row of 8-bit pixels as RGB floats in [0,1]: the same floats <see cref="ReadRgb(ReadOnlySpan{Rgba64}, Span{float})"/>
    /// gives for the 16-bit pixels of the same picture (level k read as k * 257), so a photo held at 8 bits feeds the
    /// network exactly what it did at 16.
    /// </summary>
    public static void ReadRgb(ReadOnlySpan<Rgba32> row, Span<float> rgb)
    {
        for (int x = 0; x < row.Length; x++)
        {
            Rgba32 p = row[x];
            rgb[3 * x] = (p.R * 257) * FromWord;
            rgb[3 * x + 1] = (p.G * 257) * FromWord;
            rgb[3 * x + 2] = (p.B * 257) * FromWord;
        }
    }

    /// <summary>RGB floats rounded to the nearest 8-bit level into a row of 8-bit pixels, keeping each pixel's alpha (the rounding <see cref="ToImage8"/> does).</summary>
    public static void WriteRgb(ReadOnlySpan<float> rgb, Span<Rgba32> row)
    {
        for (int x = 0; x < row.Length; x++)
            row[x] = new Rgba32(ToByte(rgb[3 * x]), ToByte(rgb[3 * x + 1]), ToByte(rgb[3 * x + 2]), row[x].A);
    }

    /// <summary>A row of 8- or 16-bit pixels as RGB floats (see the two overloads); the photo pipeline holds either.</summary>
    public static void ReadRgb<TPixel>(ReadOnlySpan<TPixel> row, Span<float> rgb) where TPixel : unmanaged, IPixel<TPixel>
    {
        if (typeof(TPixel) == typeof(Rgba32)) ReadRgb(MemoryMarshal.Cast<TPixel, Rgba32>(row), rgb);
        else if (typeof(TPixel) == typeof(Rgba64)) ReadRgb(MemoryMarshal.Cast<TPixel, Rgba64>(row), rgb);
        else throw new NotSupportedException($"The pipeline holds Rgba32 or Rgba64 pixels, not {typeof(TPixel).Name}.");
    }

    /// <summary>
    /// RGB floats into a row of 8- or 16-bit pixels, keeping alpha, rounded to <paramref name="bits"/>; 8-bit pixels
    /// hold 8-bit levels only.
    /// </summary>
    public static void WriteRgb<TPixel>(ReadOnlySpan<float> rgb, Span<TPixel> row, int bits) where TPixel : unmanaged, IPixel<TPixel>
    {
        if (typeof(TPixel) == typeof(Rgba32))
        {
            if (bits > 8) throw new ArgumentOutOfRangeException(nameof(bits), bits, "8-bit pixels cannot hold a 16-bit result.");
            WriteRgb(rgb, MemoryMarshal.Cast<TPixel, Rgba32>(row));
        }
        else if (typeof(TPixel) == typeof(Rgba64)) WriteRgb(rgb, MemoryMarshal.Cast<TPixel, Rgba64>(row), bits);
        else throw new NotSupportedException($"The pipeline holds Rgba32 or Rgba64 pixels, not {typeof(TPixel).Name}.");
    }

    /// <summary>The bytes a pixel of the pipeline's pixel type takes.</summary>
    public static int BytesPerPixel(Image image) => image.PixelType.BitsPerPixel / 8;

    /// <summary>Whether any pixel of an 8-bit image is not fully opaque.</summary>
    public static bool IsTranslucent(Image<Rgba32> image)
    {
        for (int y = 0; y < image.Height; y++)
            foreach (Rgba32 p in image.DangerousGetPixelRowMemory(y).Span)
                if (p.A != byte.MaxValue) return true;
        return false;
    }

    /// <summary>
    /// An 8-bit image widened to 16 bits (k to k * 257, exact), made opaque when <paramref name="opaque"/>: the
    /// work-size resize works on 16-bit pixels whatever the photo is held as, so that it resizes what it always did.
    /// </summary>
    public static Image<Rgba64> Widen(Image<Rgba32> image, int threads, bool opaque)
    {
        var wide = new Image<Rgba64>(ImagingConfiguration.Configuration, image.Width, image.Height);
        RowParallel.For(image.Height, Math.Max(1, threads), y =>
        {
            ReadOnlySpan<Rgba32> source = image.DangerousGetPixelRowMemory(y).Span;
            Span<Rgba64> row = wide.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < row.Length; x++)
                row[x] = new Rgba64((ushort)(source[x].R * 257), (ushort)(source[x].G * 257), (ushort)(source[x].B * 257),
                    opaque ? ushort.MaxValue : (ushort)(source[x].A * 257));
        });
        return wide;
    }

    /// <summary>8-bit pixels as 8-bit RGB (alpha dropped), for JPEG's encoder.</summary>
    public static Image<Rgb24> ToRgb24(Image<Rgba32> pixels, Configuration configuration)
    {
        var image = new Image<Rgb24>(configuration, pixels.Width, pixels.Height);
        RowParallel.For(pixels.Height, configuration.MaxDegreeOfParallelism, y =>
        {
            ReadOnlySpan<Rgba32> source = pixels.DangerousGetPixelRowMemory(y).Span;
            Span<Rgb24> row = image.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < row.Length; x++) row[x] = new Rgb24(source[x].R, source[x].G, source[x].B);
        });
        return image;
    }

    /// <summary>Whether any pixel of the image is not fully opaque.</summary>
    public static bool IsTranslucent(Image<Rgba64> image)
    {
        for (int y = 0; y < image.Height; y++)
            foreach (Rgba64 p in image.DangerousGetPixelRowMemory(y).Span)
                if (p.A != ushort.MaxValue) return true;
        return false;
    }

    /// <summary>An 8-bit alpha plane as 16 bits (k to k * 257, exact).</summary>
    public static ushort[]? Widen(byte[]? alpha) => alpha?.Select(a => (ushort)(a * 257)).ToArray();

    private static void Check(FeatureMap rgb, ushort[]? alpha)
    {
        if (rgb.Channels != 3) throw new ArgumentException("Expected a 3-channel RGB map.", nameof(rgb));
        if (alpha is not null && alpha.Length != rgb.Width * rgb.Height)
            throw new ArgumentException($"The alpha plane has {alpha.Length} values; the image has {rgb.Width * rgb.Height} pixels.", nameof(alpha));
    }

    // NaN maps to 0: a broken network should give a black pixel, not an exception from a cast.
    private static byte ToByte(float v) => (byte)(float.IsNaN(v) ? 0 : Math.Clamp(v * 255f + 0.5f, 0f, 255f));

    private static ushort ToWord(float v) => (ushort)(float.IsNaN(v) ? 0 : Math.Clamp(v * 65535f + 0.5f, 0f, 65535f));
}
