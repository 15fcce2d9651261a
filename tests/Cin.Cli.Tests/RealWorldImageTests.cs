using Cin.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Cli.Tests;

/// <summary>Photos as they come from cameras, scanners and editors: bit depths, grey, CMYK, ICC profiles, metadata, size.</summary>
public sealed class RealWorldImageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private CinResult Stylize(string input, string output, params string[] options) =>
        CinRunner.Run([input, "-o", output, "--style", "starry-night", .. options]);

    [Fact]
    public void SixteenBitPngKeepsItsPrecisionAndStaysSixteenBit()
    {
        string input = _folder.File("deep.png"), output = _folder.File("out.png");
        using (var image = new Image<Rgba64>(8, 4))
        {
            for (int x = 0; x < 8; x++) image[x, 0] = new Rgba64((ushort)(1000 + x), 40000, 65535, 65535);
            image.SaveAsPng(input, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb });
        }

        var decoded = ImageReader.Read(input);
        Assert.Equal(16, decoded.BitsPerChannel);
        Assert.Equal(1003 / 65535f, decoded.Rgb[0, 3, 0], 7); // a 16-bit level, not rounded to 8 bits
        Assert.Equal(ExitCodes.Success, Stylize(input, output).ExitCode);
        Assert.Equal(48, Image.Identify(output).PixelType.BitsPerPixel);
        // A JPEG is 8-bit whatever the input.
        Assert.Equal(ExitCodes.Success, Stylize(input, _folder.File("out.jpg")).ExitCode);
    }

    [Fact]
    public void GreyWithAlphaKeepsItsAlphaAtSixteenBits()
    {
        string input = _folder.File("la.png"), output = _folder.File("out.png");
        using (var image = new Image<La32>(6, 5))
        {
            for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++) image[x, y] = new La32((ushort)(x * 9000), (ushort)(y * 16000 + x * 7 + 1));
            image.SaveAsPng(input, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.GrayscaleWithAlpha });
        }

        Assert.Equal(ExitCodes.Success, Stylize(input, output).ExitCode);

        using var before = Image.Load<Rgba64>(input);
        using var after = Image.Load<Rgba64>(output);
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 6; x++) Assert.Equal(before[x, y].A, after[x, y].A);
    }

    [Fact]
    public void CmykJpegsAreConvertedWithANote()
    {
        string input = _folder.File("cmyk.jpg"), output = _folder.File("out.png");
        File.WriteAllBytes(input, CmykJpeg.Create(40, 8, (bx, _) => bx switch
        {
            0 => (255, 0, 0, 0),   // cyan
            1 => (0, 255, 0, 0),   // magenta
            2 => (0, 0, 255, 0),   // yellow
            3 => (0, 0, 0, 255),   // black
            _ => (0, 0, 0, 0),     // paper
        }));

        var decoded = ImageReader.Read(input);
        AssertColour(decoded, 3, (0, 1, 1));
        AssertColour(decoded, 11, (1, 0, 1));
        AssertColour(decoded, 19, (1, 1, 0));
        AssertColour(decoded, 27, (0, 0, 0));
        AssertColour(decoded, 35, (1, 1, 1));
        Assert.Contains(decoded.Notes, n => n.Contains("CMYK"));

        var result = Stylize(input, output);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal($"cin: {input}: note: {decoded.Notes[0]}", result.SingleErrorLine());
    }

    [Fact]
    public void AdobeRgbIsConvertedToSrgb()
    {
        // Adobe RGB's mid grey stays grey; its pure green is far outside sRGB and clips to sRGB's green.
        string input = _folder.File("adobe.jpg");
        using (var image = new Image<Rgba32>(32, 16))
        {
            // Two halves of one 16-pixel chroma block each, so JPEG's colour subsampling does not mix them.
            for (int x = 0; x < 32; x++)
            for (int y = 0; y < 16; y++) image[x, y] = x < 16 ? new Rgba32(128, 128, 128) : new Rgba32(90, 160, 60);
            File.WriteAllBytes(input, ImageBytes.JpegWithIcc(Encode(image, new JpegEncoder { Quality = 100 }), IccProfiles.AdobeRgb()));
        }

        var decoded = ImageReader.Read(input);

        Assert.Equal("Adobe RGB (1998)", decoded.ColorSpace);
        Assert.True(decoded.ConvertedToSrgb);
        Assert.Empty(decoded.Notes);
        var (r, g, b) = (decoded.Rgb[4, 3, 0], decoded.Rgb[4, 3, 1], decoded.Rgb[4, 3, 2]);
        Assert.True(Math.Abs(r - g) < 0.01 && Math.Abs(g - b) < 0.01, $"grey became ({r},{g},{b})");
        var expected = AdobeToSrgb(90 / 255.0, 160 / 255.0, 60 / 255.0);
        Assert.Equal(expected.R, decoded.Rgb[8, 24, 0], 0.015f);
        Assert.Equal(expected.G, decoded.Rgb[8, 24, 1], 0.015f);
        Assert.Equal(expected.B, decoded.Rgb[8, 24, 2], 0.015f);
        float moved = Math.Max(Math.Abs(decoded.Rgb[8, 24, 0] - 90 / 255f), Math.Abs(decoded.Rgb[8, 24, 2] - 60 / 255f));
        Assert.True(moved > 0.02, "the colour should have been converted, not read as sRGB");
    }

    [Fact]
    public void MetadataIsKeptWithOrientationResetAndStrippedOnRequest()
    {
        string input = _folder.File("camera.jpg"), output = _folder.File("out.jpg"), bare = _folder.File("bare.jpg");
        using (var image = TestImages.Gradient(40, 20))
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Orientation, (ushort)6);
            exif.SetValue(ExifTag.Make, "Fujifilm");
            exif.SetValue(ExifTag.Model, "X-T5");
            exif.SetValue(ExifTag.DateTimeOriginal, "2024:06:06 12:34:56");
            exif.SetValue(ExifTag.Copyright, "A. Photographer");
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            image.Metadata.ExifProfile = exif;
            image.Metadata.IptcProfile = new IptcProfile();
            image.Metadata.IptcProfile.SetValue(IptcTag.Caption, "Harbour at dawn");
            image.Metadata.XmpProfile = new XmpProfile(System.Text.Encoding.UTF8.GetBytes(
                "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>" +
                "<rdf:Description xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation=\"6\"/></rdf:RDF></x:xmpmeta>"));
            image.SaveAsJpeg(input);
        }

        Assert.Equal(ExitCodes.Success, Stylize(input, output).ExitCode);
        Assert.Equal(ExitCodes.Success, Stylize(input, bare, "--strip-metadata").ExitCode);

        using (var kept = Image.Load(output))
        {
            Assert.Equal((20, 40), (kept.Width, kept.Height));
            var exif = kept.Metadata.ExifProfile!;
            Assert.Equal((ushort)1, exif.GetValue(ExifTag.Orientation)!.Value);
            Assert.Equal("Fujifilm", exif.GetValue(ExifTag.Make)!.Value);
            Assert.Equal("X-T5", exif.GetValue(ExifTag.Model)!.Value);
            Assert.Equal("2024:06:06 12:34:56", exif.GetValue(ExifTag.DateTimeOriginal)!.Value);
            Assert.Equal("A. Photographer", exif.GetValue(ExifTag.Copyright)!.Value);
            Assert.StartsWith("cin ", exif.GetValue(ExifTag.Software)!.Value);
            Assert.Equal("Harbour at dawn", kept.Metadata.IptcProfile!.GetValues(IptcTag.Caption).Single().Value);
            string xmp = System.Text.Encoding.UTF8.GetString(kept.Metadata.XmpProfile!.ToByteArray());
            Assert.Contains("tiff:Orientation=\"1\"", xmp);
        }
        using (var stripped = Image.Load(bare))
        {
            Assert.Equal((20, 40), (stripped.Width, stripped.Height));
            Assert.Null(stripped.Metadata.ExifProfile);
            Assert.Null(stripped.Metadata.XmpProfile);
        }
    }

    [Theory]
    [InlineData("out.png")]
    [InlineData("out.webp")]
    [InlineData("out.tif")]
    public void ExifReachesOtherFormats(string name)
    {
        string input = _folder.File("camera.jpg"), output = _folder.File(name);
        using (var image = TestImages.Gradient(24, 16))
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Make, "Leica");
            image.SaveAsJpeg(input);
        }
        Assert.Equal(ExitCodes.Success, Stylize(input, output).ExitCode);
        using var kept = Image.Load(output);
        var exif = kept.Metadata.ExifProfile ?? kept.Frames.RootFrame.Metadata.ExifProfile;
        Assert.Equal("Leica", exif?.GetValue(ExifTag.Make)?.Value);
    }

    [Fact]
    public void MaxPixelsRefusesLargerPhotosWithAHint()
    {
        string input = _folder.File("photo.png"), output = _folder.File("out.png");
        TestImages.SavePng(input, 20, 20);

        var refused = Stylize(input, output, "--max-pixels", "399");
        var allowed = Stylize(input, output, "--max-pixels", "20x20");

        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Equal($"cin: {input}: 20x20 is 400 pixels, over the limit of 399 pixels (use --work-size, or raise --max-pixels)", refused.SingleErrorLine());
        Assert.Equal(ExitCodes.Success, allowed.ExitCode);
    }

    [Fact]
    public void ADecompressionBombIsRefusedFromItsHeaderByDefault()
    {
        string input = _folder.File("bomb.png"), output = _folder.File("out.png");
        File.WriteAllBytes(input, ImageBytes.PngBomb(100_000, 100_000));

        var result = Stylize(input, output);

        // This message comes only from the header check, which runs before any pixel is decoded (a decode of 10^10
        // pixels would end in an out-of-memory error instead). No time limit: it would depend on the machine's load.
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Matches(@": 100000x100000 is 10000 megapixels, over the limit of \d+ megapixels \(use --work-size", result.SingleErrorLine());
    }

    [Theory]
    [InlineData("40000000", 40_000_000)]
    [InlineData("40M", 40_000_000)]
    [InlineData("40MP", 40_000_000)]
    [InlineData("1.5G", 1_500_000_000)]
    [InlineData("8000x5000", 40_000_000)]
    public void PixelCountsCanBeWrittenSeveralWays(string text, long pixels)
    {
        Assert.True(CinCommand.TryPixelCount(text, out long parsed));
        Assert.Equal(pixels, parsed);
    }

    [Fact]
    public void AFifoIsRefusedWithoutWaitingForAWriter()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("FIFOs are Unix");
        string fifo = _folder.File("pipe.jpg");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!) mkfifo.WaitForExit();
        var result = Stylize(fifo, _folder.File("out.png"));
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"cin: {fifo}: ", result.SingleErrorLine());
    }

    private static void AssertColour(DecodedImage image, int x, (float R, float G, float B) expected)
    {
        Assert.Equal(expected.R, image.Rgb[4, x, 0], 0.03f);
        Assert.Equal(expected.G, image.Rgb[4, x, 1], 0.03f);
        Assert.Equal(expected.B, image.Rgb[4, x, 2], 0.03f);
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>Adobe RGB to sRGB in double precision, from the published D65 matrices (an independent reference).</summary>
    private static (float R, float G, float B) AdobeToSrgb(double r, double g, double b)
    {
        double gamma = 563 / 256.0;
        double lr = Math.Pow(r, gamma), lg = Math.Pow(g, gamma), lb = Math.Pow(b, gamma);
        double x = 0.5767309 * lr + 0.1855540 * lg + 0.1881852 * lb;
        double y = 0.2973769 * lr + 0.6273491 * lg + 0.0752741 * lb;
        double z = 0.0270343 * lr + 0.0706872 * lg + 0.9911085 * lb;
        double sr = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double sg = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double sb = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        static float Encode(double v) => (float)(v <= 0.0031308 ? 12.92 * Math.Max(0, v) : 1.055 * Math.Pow(Math.Min(1, v), 1 / 2.4) - 0.055);
        return (Encode(sr), Encode(sg), Encode(sb));
    }
}
