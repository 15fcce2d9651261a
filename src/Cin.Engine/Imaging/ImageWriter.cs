using SixLabors.ImageSharp;

namespace Cin.Engine.Imaging;

/// <summary>Writes an RGB map (and an optional alpha plane) to a file in the format its extension names.</summary>
public static class ImageWriter
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be written, without writing it: a known extension, an existing
    /// folder, and no existing file unless <paramref name="overwrite"/>. Callers check before long work so a bad
    /// output path fails at once; <see cref="Write"/> checks again.
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

    public static void Write(FeatureMap rgb, byte[]? alpha, string path, int quality = OutputFormat.DefaultQuality, bool overwrite = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        var format = CheckDestination(path, overwrite);
        using var image = PixelConversion.ToImage(rgb, alpha);
        var encoder = format.CreateEncoder(quality, alpha is not null);
        try
        {
            AtomicFile.Write(path, overwrite, stream => image.Save(stream, encoder));
        }
        catch (IOException) when (!overwrite && File.Exists(path))
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
