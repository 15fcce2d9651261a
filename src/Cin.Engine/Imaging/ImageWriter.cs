using SixLabors.ImageSharp;

namespace Cin.Engine.Imaging;

/// <summary>Writes an RGB map (and an optional alpha plane) to a file in the format its extension names.</summary>
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
        options.Metadata?.ApplyTo(image, options.ConvertedToSrgb, options.Software);
        var encoder = format.CreateEncoder(options.Quality, alpha is not null, wide ? 16 : 8);
        try
        {
            AtomicFile.Write(path, options.Overwrite, stream => image.Save(stream, encoder), cancellation);
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
