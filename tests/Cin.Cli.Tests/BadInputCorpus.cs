using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Cli.Tests;

/// <summary>What a corpus file must end in.</summary>
internal enum Expect
{
    Success,
    Error,
    /// <summary>Either, as long as it is clean: damaged files may still decode (a flipped bit in pixel data).</summary>
    Either,
}

/// <summary>One generated input; <see cref="Check"/> adds assertions about a successful output.</summary>
internal sealed record CorpusFile(string Path, Expect Expect, string What)
{
    public Action<string>? Check { get; init; }
}

/// <summary>
/// A group of corpus files run through one cin process (a folder run is itself a feature, and one process per group
/// keeps the test fast): either the group's folder as the input, or its files named one by one.
/// </summary>
internal sealed record CorpusGroup(string Name, string Folder, List<CorpusFile> Files, bool NameFiles = false)
{
    public string[] ExtraArgs { get; init; } = [];
}

/// <summary>
/// Generates the bad-input corpus from a few real images (two of the shared content photos, shrunk, or generated
/// gradients when those are absent): truncations at many offsets, random byte flips, empty files, wrong extensions,
/// decompression bombs, extreme sizes, animation, CMYK, 16-bit, grey with alpha, ICC profiles, every EXIF orientation
/// and unreadable files. Nothing is downloaded; the same seed gives the same corpus.
/// </summary>
internal static class BadInputCorpus
{
    public static List<CorpusGroup> Generate(string root, Action<string> log)
    {
        var groups = new List<CorpusGroup>();
        using var photo = SeedPhoto(0);
        using var other = SeedPhoto(1);
        var seeds = new Dictionary<string, byte[]>
        {
            ["jpg"] = Encode(photo, new JpegEncoder { Quality = 85 }),
            ["png"] = Encode(other, new PngEncoder()),
            ["webp"] = Encode(photo, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
            ["gif"] = Encode(other, new GifEncoder()),
            ["bmp"] = Encode(photo, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }),
            ["tif"] = Encode(other, new TiffEncoder { Compression = TiffCompression.Deflate }),
        };

        // Truncation at many offsets: inside the signature, inside the headers, at fractions of the data, a byte short.
        var truncated = Group(groups, root, "truncated");
        foreach (var (ext, bytes) in seeds)
        {
            int n = bytes.Length;
            int[] offsets = [1, 3, 8, 24, 64, n / 8, n / 4, n / 2, 3 * n / 4, n - 32, n - 2, n - 1];
            foreach (int cut in offsets.Where(o => o > 0 && o < n).Distinct())
                Add(truncated, $"cut-{ext}-{cut:000000}.{ext}", bytes[..cut], Expect.Either, $"{ext} cut to {cut} of {n} bytes");
        }

        // Random byte flips past the signature; some land in pixel data and still decode.
        var flipped = Group(groups, root, "flipped");
        var random = new Random(20240606);
        string[] formats = seeds.Keys.ToArray();
        for (int i = 0; i < 42; i++)
        {
            string ext = formats[i % formats.Length];
            byte[] bytes = (byte[])seeds[ext].Clone();
            int flips = 1 + random.Next(8);
            for (int f = 0; f < flips; f++) bytes[8 + random.Next(bytes.Length - 8)] ^= (byte)(1 + random.Next(255));
            Add(flipped, $"flip-{i:00}-{ext}.{ext}", bytes, Expect.Either, $"{ext} with {flips} bytes flipped");
        }

        var empty = Group(groups, root, "empty");
        foreach (string ext in formats) Add(empty, $"empty-{ext}.{ext}", [], Expect.Error, $"zero-byte .{ext}");

        // The content decides the format, not the name; what is not an image is an error whatever its name.
        var wrong = Group(groups, root, "wrong-extension");
        Add(wrong, "png-named.jpg", seeds["png"], Expect.Success, "PNG named .jpg");
        Add(wrong, "jpeg-named.png", seeds["jpg"], Expect.Success, "JPEG named .png");
        Add(wrong, "gif-named.bmp", seeds["gif"], Expect.Success, "GIF named .bmp");
        Add(wrong, "webp-named.tif", seeds["webp"], Expect.Success, "WebP named .tif");
        Add(wrong, "bmp-named.gif", seeds["bmp"], Expect.Success, "BMP named .gif");
        Add(wrong, "tiff-named.webp", seeds["tif"], Expect.Success, "TIFF named .webp");
        Add(wrong, "text-named.jpg", "not a picture, just words\n"u8.ToArray(), Expect.Error, "text named .jpg");
        Add(wrong, "noise-named.png", Noise(random, 4096), Expect.Error, "random bytes named .png");

        // Headers that declare gigapixels with almost no data: refused from the header, before any allocation.
        var bombs = Group(groups, root, "bombs");
        Add(bombs, "bomb-100000x100000.png", ImageBytes.PngBomb(100_000, 100_000), Expect.Error, "PNG declaring 100000x100000");
        Add(bombs, "bomb-65500x65500.jpg", ImageBytes.JpegDeclaring(seeds["jpg"], 65500, 65500), Expect.Error, "JPEG declaring 65500x65500");
        Add(bombs, "bomb-65535x65535.gif", ImageBytes.GifBomb(), Expect.Error, "GIF declaring 65535x65535");
        Add(bombs, "bomb-100000x100000.bmp", ImageBytes.BmpBomb(100_000, 100_000), Expect.Error, "BMP declaring 100000x100000");
        Add(bombs, "bomb-16384x16384.webp", ImageBytes.WebpBomb(), Expect.Error, "WebP declaring 16384x16384");
        Add(bombs, "bomb-100000x100000.tif", ImageBytes.TiffBomb(100_000, 100_000), Expect.Error, "TIFF declaring 100000x100000");

        var tiny = Group(groups, root, "extreme-sizes");
        AddImage(tiny, "1x1.png", new Image<Rgba32>(1, 1, new Rgba32(200, 30, 30)), new PngEncoder(), "1x1 PNG");
        AddImage(tiny, "1x1.jpg", new Image<Rgba32>(1, 1, new Rgba32(30, 200, 30)), new JpegEncoder(), "1x1 JPEG");
        AddImage(tiny, "1x20000.png", TestImages.Gradient(1, 20000), new PngEncoder(), "1x20000 PNG");
        AddImage(tiny, "20000x1.png", TestImages.Gradient(20000, 1), new PngEncoder(), "20000x1 PNG");
        AddImage(tiny, "2x3.bmp", TestImages.Gradient(2, 3), new BmpEncoder(), "2x3 BMP");

        var animated = Group(groups, root, "animated");
        using (var animation = new Image<Rgba32>(48, 32, new Rgba32(220, 20, 20)))
        {
            foreach (var colour in new[] { new Rgba32(20, 220, 20), new Rgba32(20, 20, 220) })
            {
                using var frame = new Image<Rgba32>(48, 32, colour);
                animation.Frames.AddFrame(frame.Frames.RootFrame);
            }
            Add(animated, "three-frames.gif", Encode(animation, new GifEncoder()), Expect.Success, "animated GIF, 3 frames");
        }
        animated.Files[^1] = animated.Files[^1] with { Check = output => Assert.Equal((48, 32), TestImages.Size(output)) };
        using (var flicker = TestImages.Gradient(40, 30))
        {
            using var second = new Image<Rgba32>(40, 30, new Rgba32(0, 0, 0, 0));
            flicker.Frames.AddFrame(second.Frames.RootFrame);
            Add(animated, "two-frames-transparent.gif", Encode(flicker, new GifEncoder()), Expect.Success, "animated GIF with a transparent frame");
        }

        // CMYK JPEGs, written by hand (ImageSharp 2.1 decodes but cannot encode them).
        var cmyk = Group(groups, root, "cmyk");
        byte[] inks = CmykJpeg.Create(64, 40, (bx, by) => ((byte)(bx * 30), (byte)(by * 50), (byte)(255 - bx * 25), (byte)(bx == 7 ? 200 : 0)));
        Add(cmyk, "cmyk-adobe.jpg", inks, Expect.Success, "CMYK JPEG (Adobe marker, inverted)");
        Add(cmyk, "cmyk-no-marker.jpg", CmykJpeg.Create(33, 17, (bx, by) => (0, 255, 255, 0), adobeMarker: false), Expect.Success, "CMYK JPEG without Adobe marker");
        Add(cmyk, "cmyk-with-profile.jpg", ImageBytes.JpegWithIcc(inks, IccProfiles.Cmyk()), Expect.Success, "CMYK JPEG with a CMYK ICC profile");

        var deep = Group(groups, root, "16-bit");
        AddImage(deep, "rgb48.png", Wide(photo, translucent: false), new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb }, "16-bit RGB PNG", AssertSixteenBitPng);
        AddImage(deep, "rgba64.png", Wide(other, translucent: true), new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.RgbWithAlpha }, "16-bit RGBA PNG", AssertSixteenBitPng);
        AddImage(deep, "gray16.png", Wide(photo, translucent: false), new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Grayscale }, "16-bit grey PNG", AssertSixteenBitPng);
        Add(deep, "rgb48.tif", ImageBytes.Tiff16(37, 23, (x, y, c) => (ushort)(c switch { 0 => x * 1771, 1 => y * 2849, _ => 40000 })), Expect.Success, "16-bit RGB TIFF");

        var gray = Group(groups, root, "grey-and-alpha");
        string greyAlpha = AddImage(gray, "grey-alpha.png", TestImages.Gradient(41, 29, translucent: true), new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha }, "grey + alpha PNG");
        gray.Files[^1] = gray.Files[^1] with { Check = output => AssertSameAlpha(greyAlpha, output) };
        string greyAlpha16 = AddImage(gray, "grey-alpha-16.png", TestImages.Gradient(41, 29, translucent: true), new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha, BitDepth = PngBitDepth.Bit16 }, "16-bit grey + alpha PNG");
        gray.Files[^1] = gray.Files[^1] with { Check = output => AssertSameAlpha(greyAlpha16, output) };
        AddImage(gray, "grey.jpg", TestImages.Gradient(41, 29), new JpegEncoder { ColorType = JpegColorType.Luminance }, "greyscale JPEG");
        string palette = AddImage(gray, "palette-transparent.png", TestImages.Gradient(41, 29, translucent: true), new PngEncoder { ColorType = PngColorType.Palette }, "palette PNG with transparency");
        gray.Files[^1] = gray.Files[^1] with { Check = output => AssertSameAlpha(palette, output) };

        var icc = Group(groups, root, "icc");
        Add(icc, "adobe-rgb.jpg", ImageBytes.JpegWithIcc(seeds["jpg"], IccProfiles.AdobeRgb()), Expect.Success, "JPEG in Adobe RGB");
        Add(icc, "srgb-copy.jpg", ImageBytes.JpegWithIcc(seeds["jpg"], IccProfiles.SrgbCopy()), Expect.Success, "JPEG with an sRGB profile");
        Add(icc, "display-p3.png", ImageBytes.PngWithIcc(seeds["png"], IccProfiles.DisplayP3()), Expect.Success, "PNG in Display P3");
        Add(icc, "lut-only.jpg", ImageBytes.JpegWithIcc(seeds["jpg"], IccProfiles.LutOnlyRgb()), Expect.Success, "JPEG with a table-only profile");
        Add(icc, "corrupt-profile.jpg", ImageBytes.JpegWithIcc(seeds["jpg"], Noise(random, 700)), Expect.Success, "JPEG with a corrupt profile");
        using (var grey = TestImages.Gradient(30, 20))
            Add(icc, "gray-gamma.png", ImageBytes.PngWithIcc(Encode(grey, new PngEncoder { ColorType = PngColorType.Grayscale }), IccProfiles.GrayGamma22()), Expect.Success, "grey PNG with Gray Gamma 2.2");

        var orientation = Group(groups, root, "orientation");
        for (ushort o = 1; o <= 8; o++)
        {
            using var image = TestImages.Gradient(40, 24);
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, o);
            image.Metadata.ExifProfile.SetValue(ExifTag.Make, "Corpus Camera");
            var expected = o >= 5 ? (24, 40) : (40, 24);
            Add(orientation, $"orientation-{o}.jpg", Encode(image, new JpegEncoder()), Expect.Success, $"EXIF orientation {o}");
            orientation.Files[^1] = orientation.Files[^1] with { Check = output => AssertUpright(output, expected) };
        }

        groups.Add(Unreadable(root, log));
        return groups;
    }

    /// <summary>
    /// Files that exist but cannot be read: no permission (only when not running as root, for whom permissions do
    /// not apply), a dangling symbolic link, a link loop, a FIFO (reading it would block forever) and a folder named
    /// like an image. They are named on the command line, since a folder scan skips most of them.
    /// </summary>
    private static CorpusGroup Unreadable(string root, Action<string> log)
    {
        var group = new CorpusGroup("unreadable", Path.Combine(root, "in", "unreadable"), [], NameFiles: true);
        Directory.CreateDirectory(group.Folder);
        if (OperatingSystem.IsWindows())
        {
            log("unreadable: skipped on Windows (no symbolic links or FIFOs without privileges)");
            return group;
        }
        string denied = Path.Combine(group.Folder, "no-permission.jpg");
        File.WriteAllBytes(denied, [0xFF, 0xD8, 0xFF]);
        File.SetUnixFileMode(denied, UnixFileMode.None);
        if (CanRead(denied))
        {
            log("unreadable: running as root, so a chmod-000 file is still readable; that case is left out (the others stand in for it)");
            File.Delete(denied);
        }
        else
        {
            group.Files.Add(new CorpusFile(denied, Expect.Error, "file with no read permission"));
        }

        string dangling = Path.Combine(group.Folder, "dangling.jpg");
        File.CreateSymbolicLink(dangling, Path.Combine(group.Folder, "nowhere.jpg"));
        group.Files.Add(new CorpusFile(dangling, Expect.Error, "dangling symbolic link"));
        string loop = Path.Combine(group.Folder, "loop.png");
        File.CreateSymbolicLink(loop, loop);
        group.Files.Add(new CorpusFile(loop, Expect.Error, "symbolic link to itself"));
        string folder = Path.Combine(group.Folder, "folder.jpg");
        Directory.CreateDirectory(folder);
        group.Files.Add(new CorpusFile(folder, Expect.Error, "folder named .jpg"));
        string fifo = Path.Combine(group.Folder, "fifo.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode == 0) group.Files.Add(new CorpusFile(fifo, Expect.Error, "FIFO named .png"));
            else log("unreadable: mkfifo failed; the FIFO case is left out");
        }
        return group;
    }

    private static bool CanRead(string path)
    {
        try { using var _ = File.OpenRead(path); return true; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Real photos from ../shared shrunk to thumbnails, or gradients when they are absent.</summary>
    private static Image<Rgba32> SeedPhoto(int index)
    {
        string[] photos = ProcessRunner.SharedPhotos();
        if (photos.Length > index)
        {
            var image = Image.Load<Rgba32>(photos[index * 7 % photos.Length]);
            image.Mutate(x => x.Resize(index == 0 ? 72 : 0, index == 0 ? 0 : 64));
            return image;
        }
        return TestImages.Gradient(index == 0 ? 72 : 48, index == 0 ? 48 : 64, translucent: index == 1);
    }

    private static Image<Rgba64> Wide(Image<Rgba32> image, bool translucent)
    {
        var wide = image.CloneAs<Rgba64>();
        if (translucent)
            wide.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < row.Length; x++) row[x].A = (ushort)(x * 997 + y * 1301);
                }
            });
        return wide;
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static byte[] Noise(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static CorpusGroup Group(List<CorpusGroup> groups, string root, string name)
    {
        var group = new CorpusGroup(name, Path.Combine(root, "in", name), []);
        Directory.CreateDirectory(group.Folder);
        groups.Add(group);
        return group;
    }

    private static string Add(CorpusGroup group, string name, byte[] bytes, Expect expect, string what)
    {
        string path = Path.Combine(group.Folder, name);
        File.WriteAllBytes(path, bytes);
        group.Files.Add(new CorpusFile(path, expect, what));
        return path;
    }

    private static string AddImage(CorpusGroup group, string name, Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder, string what,
        Action<string>? check = null)
    {
        using (image)
        {
            string path = Add(group, name, Encode(image, encoder), Expect.Success, what);
            if (check is not null) group.Files[^1] = group.Files[^1] with { Check = check };
            return path;
        }
    }

    private static void AssertSixteenBitPng(string output) =>
        Assert.True(Image.Identify(output).PixelType.BitsPerPixel >= 48, $"{output} should be a 16-bit PNG");

    private static void AssertSameAlpha(string input, string output)
    {
        using var before = Image.Load<Rgba64>(input);
        using var after = Image.Load<Rgba64>(output);
        for (int y = 0; y < before.Height; y++)
        for (int x = 0; x < before.Width; x++)
            Assert.True(before[x, y].A == after[x, y].A, $"{output}: alpha at ({x},{y}) changed from {before[x, y].A} to {after[x, y].A}");
    }

    private static void AssertUpright(string output, (int Width, int Height) expected)
    {
        using var image = Image.Load(output);
        Assert.Equal(expected, (image.Width, image.Height));
        // Upright in the file: orientation 1 (or none), so viewers do not turn it again.
        var orientation = image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value;
        Assert.True(orientation is null or 1, $"{output} still says orientation {orientation}");
        Assert.Equal("Corpus Camera", image.Metadata.ExifProfile?.GetValue(ExifTag.Make)?.Value);
    }
}
