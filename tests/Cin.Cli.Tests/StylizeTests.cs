using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Cli.Tests;

/// <summary>The main job: the right file, at the input's exact size, in the format the extension asks for.</summary>
public sealed class StylizeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 7)]
    [InlineData(257, 131)]
    public void OutputHasTheInputsExactSize(int width, int height)
    {
        string input = _folder.File("in.png"), output = _folder.File("out.jpg");
        TestImages.SavePng(input, width, height);

        var result = CinRunner.Run(input, "-o", output, "--style", "starry-night", "--threads", "2");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal((width, height), TestImages.Size(output));
        Assert.StartsWith($"{output}: {width}x{height}, style starry-night", result.Output);
        Assert.Empty(_folder.TempFiles());
    }

    [Theory]
    [InlineData("out.jpg", "JPEG")]
    [InlineData("out.JPEG", "JPEG")]
    [InlineData("out.png", "PNG")]
    [InlineData("out.webp", "Webp")]
    [InlineData("out.bmp", "BMP")]
    [InlineData("out.tif", "TIFF")]
    [InlineData("out.tiff", "TIFF")]
    public void ExtensionPicksTheFormat(string name, string format)
    {
        string input = _folder.File("in.png"), output = _folder.File(name);
        TestImages.SavePng(input, 30, 20);

        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", output, "--style", "great-wave").ExitCode);

        using var image = Image.Load(output, out var detected);
        Assert.Equal(format, detected.Name, ignoreCase: true);
        Assert.Equal((30, 20), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("in.jpg")]
    [InlineData("in.png")]
    [InlineData("in.webp")]
    [InlineData("in.bmp")]
    [InlineData("in.tif")]
    [InlineData("in.gif")]
    public void ReadsEveryInputFormat(string name)
    {
        string input = _folder.File(name), output = _folder.File("out.png");
        using (var image = TestImages.Gradient(33, 17)) image.Save(input);

        var result = CinRunner.Run(input, "-o", output, "--style", "starry-night");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Equal((33, 17), TestImages.Size(output));
    }

    [Fact]
    public void AnimatedGifUsesTheFirstFrame()
    {
        string input = _folder.File("anim.gif");
        using (var animation = new Image<Rgba32>(12, 8, new Rgba32(255, 0, 0)))
        {
            using var second = new Image<Rgba32>(12, 8, new Rgba32(0, 0, 255));
            animation.Frames.AddFrame(second.Frames.RootFrame);
            animation.SaveAsGif(input, new GifEncoder());
        }

        var decoded = Cin.Engine.Imaging.ImageReader.Read(input);

        Assert.Equal("GIF", decoded.Format);
        Assert.True(decoded.Rgb[4, 6, 0] > 0.9f && decoded.Rgb[4, 6, 2] < 0.1f, "expected the red first frame");
    }

    [Theory]
    [InlineData("out.png")]
    [InlineData("out.webp")]
    public void AlphaPassesThroughUnchanged(string name)
    {
        string input = _folder.File("in.png"), output = _folder.File(name);
        TestImages.SavePng(input, 41, 29, translucent: true);

        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", output, "--style", "starry-night").ExitCode);

        using var before = Image.Load<Rgba32>(input);
        using var after = Image.Load<Rgba32>(output);
        Assert.Equal((41, 29), (after.Width, after.Height));
        bool colourChanged = false;
        for (int y = 0; y < before.Height; y++)
        for (int x = 0; x < before.Width; x++)
        {
            Assert.Equal(before[x, y].A, after[x, y].A);
            colourChanged |= before[x, y].Rgb != after[x, y].Rgb;
        }
        Assert.True(colourChanged, "the colour should have been stylized");
    }

    [Fact]
    public void OpaqueInputGivesAnOpaquePng()
    {
        string input = _folder.File("in.jpg"), output = _folder.File("out.png");
        TestImages.SaveJpeg(input, 20, 20);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", output, "--style", "starry-night").ExitCode);
        var info = Image.Identify(output);
        Assert.Equal(24, info.PixelType.BitsPerPixel);
    }

    [Fact]
    public void ExifOrientationIsApplied()
    {
        // Orientation 6: the camera was turned a quarter clockwise; viewers rotate the stored 40x20 pixels to 20x40.
        string input = _folder.File("rotated.jpg"), output = _folder.File("out.png");
        TestImages.SaveJpeg(input, 40, 20, orientation: 6);
        Assert.Equal((40, 20), TestImages.Size(input));

        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", output, "--style", "starry-night").ExitCode);

        Assert.Equal((20, 40), TestImages.Size(output));
    }

    [Fact]
    public void ExifOrientationRotatesThePixels()
    {
        // The gradient's red grows left to right in the stored pixels; after a quarter turn clockwise it grows top
        // to bottom, so the network sees the picture the way a viewer shows it.
        string input = _folder.File("rotated.jpg");
        TestImages.SaveJpeg(input, 40, 20, orientation: 6);

        var decoded = Cin.Engine.Imaging.ImageReader.Read(input);

        Assert.Equal((20, 40), (decoded.Width, decoded.Height));
        Assert.True(decoded.Rgb[2, 10, 0] < 0.2f, $"top red {decoded.Rgb[2, 10, 0]}");
        Assert.True(decoded.Rgb[37, 10, 0] > 0.8f, $"bottom red {decoded.Rgb[37, 10, 0]}");
    }

    [Fact]
    public void StylesDifferAndBlendsRun()
    {
        string input = _folder.File("in.png");
        TestImages.SavePng(input, 24, 24);
        string a = _folder.File("a.png"), b = _folder.File("b.png"), blend = _folder.File("blend.png");

        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", a, "--style", "starry-night").ExitCode);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", b, "--style", "1").ExitCode);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", blend, "--style", "starry-night=0.5,great-wave=0.5").ExitCode);

        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(blend));
    }

    [Fact]
    public void JpegQualityChangesTheFile()
    {
        string input = _folder.File("in.png");
        TestImages.SavePng(input, 64, 64);
        string low = _folder.File("low.jpg"), high = _folder.File("high.jpg");

        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", low, "--style", "starry-night", "-q", "10").ExitCode);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(input, "-o", high, "--style", "starry-night", "-q", "100").ExitCode);

        Assert.True(new FileInfo(low).Length < new FileInfo(high).Length);
    }
}
