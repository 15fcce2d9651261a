using Cin.Engine.Imaging.Icc;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Engine.Imaging;

/// <summary>
/// Reads an image file into upright sRGB 16-bit pixels (alpha inside them), or 8-bit ones where asked and exact, and its metadata. Every way the file can be wrong
/// ends in an <see cref="ImageFileException"/> that names the file and the reason.
/// </summary>
/// <remarks>
/// Pixels are decoded at 16 bits per channel whatever the source, so a 16-bit PNG or TIFF loses nothing on the way to
/// the network (8-bit sources convert exactly); a colour profile is applied in place, row by row. Grayscale and grey+alpha images become RGB with equal
/// channels; CMYK JPEGs are converted by ImageSharp; palette images are expanded. The size is checked from the header
/// before anything is decoded (see <see cref="ImageReadOptions.MaxPixels"/>).
/// </remarks>
public static class ImageReader
{
    public static DecodedImage Read(string path) => Read(path, ImageReadOptions.Default);

    public static DecodedImage Read(string path, ImageReadOptions options)
    {
        byte[] bytes = ReadBytes(path);
        if (bytes.Length == 0) throw new ImageFileException(path, ImageFileError.Empty, "the file is empty");

        IImageFormat? format = Image.DetectFormat(ImagingConfiguration.Configuration, bytes);
        if (format is null)
            throw new ImageFileException(path, ImageFileError.NotAnImage, $"not an image cin can read (expected {ImagingConfiguration.ReadableFormats})");
        if (Truncation.Check(format.Name, bytes) is { } truncated)
            throw new ImageFileException(path, ImageFileError.Corrupt, truncated);

        var embedded = EmbeddedColor.Find(format.Name, bytes);
        var (info, image) = Decode(path, format, bytes, options.MaxPixels, options.EightBitWhenExact ? embedded : null);
        try
        {
            var png = image.Metadata.GetPngMetadata();
            bool declaresAlpha = format.Name == "PNG"
                ? png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha
                : info.PixelType?.AlphaRepresentation is { } alpha && alpha != PixelAlphaRepresentation.None;
            int bits = Bits(format, info);
            bool hasAlpha = declaresAlpha || (image is Image<Rgba64> wide ? PixelConversion.IsTranslucent(wide) : PixelConversion.IsTranslucent((Image<Rgba32>)image));

            var notes = new List<string>();
            byte[]? fallbackProfile = null;
            if (embedded.Profile is null && !embedded.DeclaresSrgb)
            {
                try { fallbackProfile = image.Metadata.IccProfile?.ToByteArray(); }
                catch (Exception e) when (e is not OutOfMemoryException) { notes.Add("its embedded ICC profile is unreadable; colours were read as sRGB"); }
            }
            var colour = image is Image<Rgba64> sixteen
                ? ColorManagement.ToSrgb(sixteen, embedded, fallbackProfile, notes)
                : ColorManagement.ToSrgbWithoutConversion(embedded, fallbackProfile, notes);

            return new DecodedImage(image, hasAlpha, DisplayName(format))
            {
                BitsPerChannel = bits,
                ColorSpace = colour.Space,
                ConvertedToSrgb = colour.Converted,
                Notes = notes,
                Metadata = options.KeepMetadata ? PhotoMetadata.From(image.Metadata, image.Frames.RootFrame.Metadata) : null,
            };
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>8, or 16 for 16-bit PNG and TIFF files.</summary>
    private static int Bits(IImageFormat format, IImageInfo info) => format.Name switch
    {
        "PNG" => info.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16 ? 16 : 8,
        "TIFF" => info.PixelType?.BitsPerPixel >= 48 ? 16 : 8,
        _ => 8,
    };

    /// <summary>
    /// Whether 8-bit pixels hold this file exactly as 16-bit ones would: 8 bits a channel, and no colour conversion
    /// to come (no ICC profile, embedded or in the decoder's metadata; not CMYK), whose result would fall between
    /// 8-bit levels.
    /// </summary>
    private static bool EightBitIsExact(IImageFormat format, IImageInfo info, EmbeddedColor embedded) =>
        Bits(format, info) == 8 && embedded.Profile is null && embedded.JpegComponents != 4 && info.Metadata.IccProfile is null;

    /// <summary>The decoder's part, where any exception means a bad file: header, size check, pixels, orientation.</summary>
    /// <param name="eightBitUnless">When given, 8-bit pixels are decoded if they hold the file exactly (<see cref="EightBitIsExact"/>).</param>
    private static (IImageInfo Info, Image Image) Decode(string path, IImageFormat format, byte[] bytes, long maxPixels, EmbeddedColor? eightBitUnless)
    {
        Image? image = null;
        try
        {
            // ImageSharp refuses BMPs over 65535 on a side with an exception of its own; the header says why first.
            if (format.Name == "BMP" && bytes.Length >= 26 && System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(14)) >= 40)
            {
                long w = Math.Abs((long)System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(18)));
                long h = Math.Abs((long)System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(22)));
                if (w * h > maxPixels)
                    throw new ImageFileException(path, ImageFileError.TooLarge, $"{w}x{h} is {Pixels(w * h)}, over the limit of {Pixels(maxPixels)}");
            }
            IImageInfo info = Image.Identify(ImagingConfiguration.Configuration, bytes, out _)
                ?? throw new UnknownImageFormatException("unrecognised header");
            CheckSize(path, info, maxPixels);
            // Decoded straight into the pixel type that is kept: no converted copy.
            image = eightBitUnless is { } embedded && EightBitIsExact(format, info, embedded)
                ? Image.Load<Rgba32>(ImagingConfiguration.Configuration, bytes)
                : Image.Load<Rgba64>(ImagingConfiguration.Configuration, bytes);
            // Cameras store the sensor's orientation in EXIF rather than rotating pixels; the network must see the
            // picture upright, and the output (whose EXIF then says "upright") must display upright.
            // Rotating makes a second copy of the pixels for a moment, so it is done only when there is something to turn.
            if (NeedsTurning(image)) image.Mutate(x => x.AutoOrient());
            return (info, image);
        }
        catch (Exception e) when (Reason(e) is { } reason)
        {
            image?.Dispose();
            throw new ImageFileException(path, ImageFileError.Corrupt, $"the {DisplayName(format)} {reason}", e);
        }
        catch
        {
            image?.Dispose();
            throw;
        }
    }

    /// <summary>Whether the EXIF orientation is one of the seven that are not upright (1 or none is; others are invalid and ignored).</summary>
    private static bool NeedsTurning(Image image)
    {
        var orientation = image.Metadata.ExifProfile?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation);
        return orientation is not null && orientation.Value is >= 2 and <= 8;
    }

    /// <summary>Reads just the header: the image's size as stored (EXIF orientation not applied), or an error.</summary>
    public static (int Width, int Height) Identify(string path)
    {
        byte[] bytes = ReadBytes(path);
        if (bytes.Length == 0) throw new ImageFileException(path, ImageFileError.Empty, "the file is empty");
        try
        {
            IImageInfo info = Image.Identify(ImagingConfiguration.Configuration, bytes, out _)
                ?? throw new ImageFileException(path, ImageFileError.NotAnImage, $"not an image cin can read (expected {ImagingConfiguration.ReadableFormats})");
            return (info.Width, info.Height);
        }
        catch (Exception e) when (Reason(e) is { } reason)
        {
            throw new ImageFileException(path, ImageFileError.Corrupt, $"the image {reason}", e);
        }
    }

    private static void CheckSize(string path, IImageInfo info, long maxPixels)
    {
        if (info.Width <= 0 || info.Height <= 0)
            throw new ImageFileException(path, ImageFileError.Corrupt, $"the header declares an empty {info.Width}x{info.Height} image");
        long pixels = (long)info.Width * info.Height;
        if (pixels > maxPixels)
            throw new ImageFileException(path, ImageFileError.TooLarge,
                $"{info.Width}x{info.Height} is {Pixels(pixels)}, over the limit of {Pixels(maxPixels)}");
    }

    /// <summary>"41 megapixels", "2.5 megapixels", or "400 pixels" below a tenth of a megapixel.</summary>
    public static string Pixels(long pixels)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (pixels < 100_000) return $"{pixels.ToString(culture)} pixels";
        double mp = pixels / 1e6;
        return $"{mp.ToString(mp >= 10 ? "0" : "0.#", culture)} megapixels";
    }

    // ImageSharp spells WebP "Webp".
    private static string DisplayName(IImageFormat format) => format.Name == "Webp" ? "WebP" : format.Name;

    private static byte[] ReadBytes(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw new ImageFileException(path, ImageFileError.Unreadable, "is a folder, not an image file");
            // A FIFO, a device or an empty file all report a length of 0; reading the first two would block or never
            // end, so they are refused here, before the file is opened.
            var file = new FileInfo(path);
            if (file.Exists && file.Length == 0) return [];
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e) { throw new ImageFileException(path, ImageFileError.Unreadable, "no such file", e); }
        catch (DirectoryNotFoundException e) { throw new ImageFileException(path, ImageFileError.Unreadable, "no such file (its folder does not exist)", e); }
        catch (UnauthorizedAccessException e) { throw new ImageFileException(path, ImageFileError.Unreadable, "permission denied", e); }
        catch (IOException e) { throw new ImageFileException(path, ImageFileError.Unreadable, $"could not be read: {WithoutPath(e.Message, path)}", e); }
    }

    /// <summary>.NET appends " : 'path'" to some I/O messages; the line already starts with the path.</summary>
    private static string WithoutPath(string message, string path)
    {
        string suffix = $" : '{Path.GetFullPath(path)}'";
        message = message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
        suffix = $" : '{path}'";
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
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
        // The decoders' own words for what is wrong.
        InvalidImageContentException or ImageFormatException or InvalidDataException => $"data is corrupt ({e.Message})",
        // A decoder tripping over its own state on malformed data; its message ("Sequence contains no elements")
        // would mean nothing to a user.
        IndexOutOfRangeException or ArgumentException or InvalidOperationException or OverflowException
            or NullReferenceException or DivideByZeroException => "data is corrupt",
        _ => null,
    };
}
