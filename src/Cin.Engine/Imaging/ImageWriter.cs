using Cin.Engine.Imaging.Png;
using Cin.Engine.Kernels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging;

/// <summary>Writes an RGB map (and an optional alpha plane), or the photo pipeline's 16-bit pixels, to a file in the format its extension names.</summary>
public static class ImageWriter
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be written, without writing it: a known extension, an existing
    /// folder, and no existing file unless <paramref name="overwrite"/>. Callers check before long work so a bad
    /// output path fails at once; <see cref="Write(FeatureMap, ushort[], string, ImageWriteOptions, CancellationToken)"/> checks again.
    /// </summary>
    public static OutputFormat CheckDestination(string path, bool overwrite)
    {
        var format = OutputFormat.ForPath(path) ?? throw new ImageFileException(path, ImageFileError.UnknownOutputFormat,
            $"unknown output format '{Path.GetExtension(path)}' (use {OutputFormat.KnownExtensions})");
        string? folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            throw new ImageFileException(folder, ImageFileError.OutputFolderMissing, "the output folder does not exist");
        if (Directory.Exists(path))
            throw new ImageFileException(path, ImageFileError.Unwritable, "is a folder");
        if (!overwrite && File.Exists(path))
            throw new ImageFileException(path, ImageFileError.OutputExists, "already exists");
        return format;
    }

    /// <summary>Writes 8-bit RGB with an optional 8-bit alpha plane and no metadata.</summary>
    public static void Write(FeatureMap rgb, byte[]? alpha, string path, int quality = OutputFormat.DefaultQuality, bool overwrite = false) =>
        Write(rgb, PixelConversion.Widen(alpha), path, new ImageWriteOptions(quality, overwrite));

    /// <summary>
    /// Encodes and writes the image atomically (see <see cref="AtomicFile"/>). A cancellation that arrives before the
    /// file is renamed into place leaves nothing behind and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static void Write(FeatureMap rgb, ushort[]? alpha, string path, ImageWriteOptions options, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Quality, 100);
        var format = CheckDestination(path, options.Overwrite);
        bool wide = options.BitsPerChannel > 8 && format.Supports16Bits;
        var configuration = ImagingConfiguration.Configuration;
        using Image image = wide ? PixelConversion.ToImage16(rgb, alpha, configuration)
            : format.Name == "JPEG" ? PixelConversion.ToRgb24(rgb, configuration)
            : PixelConversion.ToImage8(rgb, alpha, configuration);
        Save(image, format, alpha is not null, wide, path, options, cancellation);
    }

    /// <summary>
    /// Encodes an image of the photo pipeline's pixels, 16-bit (Rgba64) or 8-bit (Rgba32), and writes it atomically,
    /// with metadata and alpha as <see cref="Write(FeatureMap, ushort[], string, ImageWriteOptions, CancellationToken)"/>
    /// does. 16-bit pixels are rounded in place to what the file holds (8-bit levels unless a 16-bit PNG is written),
    /// the rounding that overload does from floats, so the image should not be used afterwards; its own metadata is
    /// not written.
    /// </summary>
    /// <param name="hasAlpha">Whether to keep the image's alpha channel (where the format can hold one).</param>
    public static void Write(Image pixels, bool hasAlpha, string path, ImageWriteOptions options, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Quality, 100);
        var format = CheckDestination(path, options.Overwrite);
        bool wide = options.BitsPerChannel > 8 && format.Supports16Bits && pixels is Image<Rgba64>;
        var configuration = ImagingConfiguration.Configuration;
        Image image;
        if (pixels is Image<Rgba64> sixteen)
        {
            // cin's PNG writer rounds as it reads, the same way (PngKernelTests checks every level): a pass fewer.
            if (!wide && !format.WritesPngItself)
                RowParallel.For(sixteen.Height, configuration.MaxDegreeOfParallelism, y => PixelConversion.RoundTo8Bits(sixteen.DangerousGetPixelRowMemory(y).Span));
            // JPEG's encoder converts 8-bit RGB to YCbCr along a much shorter path than 16-bit RGBA (3 bytes a pixel more
            // for a moment); the others encode the pixels themselves, under fresh metadata.
            image = format.Name == "JPEG" ? PixelConversion.ToRgb24(sixteen, configuration) : Fresh(sixteen, configuration);
        }
        else if (pixels is Image<Rgba32> eight)
        {
            image = format.Name == "JPEG" ? PixelConversion.ToRgb24(eight, configuration) : Fresh(eight, configuration);
        }
        else
        {
            throw new ArgumentException("The pipeline's pixels are Rgba64 or Rgba32.", nameof(pixels));
        }
        using (image)
            Save(image, format, hasAlpha, wide, path, options, cancellation);
    }

    /// <summary>
    /// The same pixels without the decoder's metadata (its ICC profile, EXIF orientation, PNG chunks): wrapped where
    /// they are one block (ImagingConfiguration asks for that), copied where they are not.
    /// </summary>
    private static Image Fresh<TPixel>(Image<TPixel> pixels, Configuration configuration) where TPixel : unmanaged, IPixel<TPixel>
    {
        if (pixels.DangerousTryGetSinglePixelMemory(out Memory<TPixel> memory))
            return Image.WrapMemory(configuration, memory, pixels.Width, pixels.Height, new ImageMetadata());
        var copy = new Image<TPixel>(configuration, pixels.Width, pixels.Height);
        for (int y = 0; y < pixels.Height; y++)
            pixels.DangerousGetPixelRowMemory(y).Span.CopyTo(copy.DangerousGetPixelRowMemory(y).Span);
        return copy;
    }

    private static void Save(Image image, OutputFormat format, bool hasAlpha, bool wide, string path, ImageWriteOptions options, CancellationToken cancellation)
    {
        options.Metadata?.ApplyTo(image, options.ConvertedToSrgb, options.Software);
        Action<Stream> write;
        if (format.WritesPngItself)
        {
            // cin's own PNG writer (Imaging/Png): the pipeline's pixels, several threads, cancellation between pieces.
            bool alpha = hasAlpha && format.KeepsAlpha;
            var rows = image switch
            {
                Image<Rgba64> sixteen => PngPixelRows.From(sixteen, alpha, wide),
                Image<Rgba32> eight => PngPixelRows.From(eight, alpha),
                _ => throw new ArgumentException("The pipeline's pixels are Rgba64 or Rgba32.", nameof(image)),
            };
            var metadata = PngMetadataChunks.For(image.Metadata, format.CreateEncoder(options.Quality, alpha, wide ? 16 : 8));
            write = stream => PngWriter.Write(stream, rows, metadata, options.Threads, cancellation);
        }
        else
        {
            var encoder = format.CreateEncoder(options.Quality, hasAlpha, wide ? 16 : 8);
            write = stream => image.Save(stream, encoder);
        }
        try
        {
            AtomicFile.Write(path, options.Overwrite, write, cancellation);
        }
        catch (IOException) when (!options.Overwrite && File.Exists(path))
        {
            throw new ImageFileException(path, ImageFileError.OutputExists, "already exists");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageFileException(path, ImageFileError.Unwritable, "permission denied", e);
        }
        catch (IOException e)
        {
            throw new ImageFileException(path, ImageFileError.Unwritable, $"could not be written: {e.Message}", e);
        }
    }
}
