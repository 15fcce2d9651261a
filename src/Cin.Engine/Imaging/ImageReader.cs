using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Engine.Imaging;

/// <summary>
/// Reads an image file into an upright RGB map plus its alpha channel. Every way the file can be wrong ends in an
/// <see cref="ImageFileException"/> that names the file and the reason.
/// </summary>
public static class ImageReader
{
    public static DecodedImage Read(string path)
    {
        byte[] bytes = ReadBytes(path);
        if (bytes.Length == 0) throw new ImageFileException(path, ImageFileError.Empty, "the file is empty");

        IImageFormat? format = Image.DetectFormat(ImagingConfiguration.Configuration, bytes);
        if (format is null)
            throw new ImageFileException(path, ImageFileError.NotAnImage, $"not an image cin can read (expected {ImagingConfiguration.ReadableFormats})");
        if (Truncation.Check(format.Name, bytes) is { } truncated)
            throw new ImageFileException(path, ImageFileError.Corrupt, truncated);

        try
        {
            IImageInfo info = Image.Identify(ImagingConfiguration.Configuration, bytes, out _)
                ?? throw new UnknownImageFormatException("unrecognised header");
            using Image<Rgba32> image = Image.Load<Rgba32>(ImagingConfiguration.Configuration, bytes);
            // Cameras store the sensor's orientation in EXIF rather than rotating pixels; the network must see the
            // picture upright, and the output (which carries no EXIF) must display upright.
            image.Mutate(x => x.AutoOrient());
            bool declaresAlpha = info.PixelType?.AlphaRepresentation is { } alpha && alpha != PixelAlphaRepresentation.None;
            var (rgb, alphaPlane) = PixelConversion.ToFeatureMap(image, keepAlpha: declaresAlpha);
            return new DecodedImage(rgb, alphaPlane, DisplayName(format));
        }
        catch (Exception e) when (Reason(e) is { } reason)
        {
            throw new ImageFileException(path, ImageFileError.Corrupt, $"the {DisplayName(format)} {reason}", e);
        }
    }

    // ImageSharp spells WebP "Webp".
    private static string DisplayName(IImageFormat format) => format.Name == "Webp" ? "WebP" : format.Name;

    private static byte[] ReadBytes(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw new ImageFileException(path, ImageFileError.Unreadable, "is a folder, not an image file");
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e) { throw new ImageFileException(path, ImageFileError.Unreadable, "no such file", e); }
        catch (DirectoryNotFoundException e) { throw new ImageFileException(path, ImageFileError.Unreadable, "no such file (its folder does not exist)", e); }
        catch (UnauthorizedAccessException e) { throw new ImageFileException(path, ImageFileError.Unreadable, "permission denied", e); }
        catch (IOException e) { throw new ImageFileException(path, ImageFileError.Unreadable, $"could not be read: {e.Message}", e); }
    }

    /// <summary>
    /// What a decoder's exception means to a user, or null for exceptions that are cin's own bugs. A decoder meeting
    /// malformed data may throw almost anything (an index out of range inside a corrupt stream, say): that is still
    /// a corrupt file, not a crash to report.
    /// </summary>
    private static string? Reason(Exception e) => e switch
    {
        ImageFileException => null,
        InvalidMemoryOperationException => "image is too large to decode",
        OutOfMemoryException => null,
        UnknownImageFormatException => "header is not valid",
        NotSupportedException => $"variant is not supported ({e.Message})",
        EndOfStreamException => "data is truncated",
        InvalidImageContentException or ImageFormatException or InvalidDataException
            or IndexOutOfRangeException or ArgumentException or InvalidOperationException
            => $"data is corrupt ({e.Message})",
        _ => null,
    };
}
