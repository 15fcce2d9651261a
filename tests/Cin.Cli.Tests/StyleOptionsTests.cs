using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Cli.Tests;

/// <summary>--strength, --keep-colors and --work-size: what they do to pixels, and how they are parsed.</summary>
public sealed class StyleOptionsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _input;

    public StyleOptionsTests()
    {
        _input = _folder.File("photo.png");
        TestImages.SavePng(_input, 48, 32);
    }

    public void Dispose() => _folder.Dispose();

    private Image<Rgba32> Stylize(params string[] options)
    {
        string output = _folder.File($"out-{Guid.NewGuid():n}.png");
        var result = CinRunner.Run([_input, "-o", output, "--style", "starry-night", .. options]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        return Image.Load<Rgba32>(output);
    }

    [Fact]
    public void StrengthZeroIsThePhotoAndOneIsTheDefault()
    {
        using var photo = Image.Load<Rgba32>(_input);
        using var none = Stylize("--strength", "0");
        using var full = Stylize("--strength", "1");
        using var plain = Stylize();
        Assert.Equal(Pixels(photo), Pixels(none));
        Assert.Equal(Pixels(plain), Pixels(full));
        Assert.NotEqual(Pixels(photo), Pixels(plain));
    }

    [Fact]
    public void HalfStrengthIsHalfwayInPerceivedLightness()
    {
        using var photo = Image.Load<Rgba32>(_input);
        using var full = Stylize();
        using var half = Stylize("--strength", "0.5");
        double worst = 0;
        for (int y = 0; y < photo.Height; y++)
        for (int x = 0; x < photo.Width; x++)
        {
            double expected = (Lightness(photo[x, y]) + Lightness(full[x, y])) / 2;
            worst = Math.Max(worst, Math.Abs(Lightness(half[x, y]) - expected));
        }
        // 8-bit rounding of three images: well under 0.01 in Oklab L (which runs 0..1).
        Assert.True(worst < 0.01, $"worst lightness error {worst}");
    }

    [Fact]
    public void KeepColorsLuminanceKeepsThePhotosChromaAndTheStylesLightness()
    {
        using var photo = Image.Load<Rgba32>(_input);
        using var full = Stylize();
        using var kept = Stylize("--keep-colors");
        using var keptExplicit = Stylize("--keep-colors", "luminance");
        Assert.Equal(Pixels(kept), Pixels(keptExplicit));
        int inGamut = 0;
        for (int y = 0; y < photo.Height; y++)
        for (int x = 0; x < photo.Width; x++)
        {
            var (pl, pa, pb) = Lab(photo[x, y]);
            var (sl, _, _) = Lab(full[x, y]);
            var (kl, ka, kb) = Lab(kept[x, y]);
            Assert.True(Math.Abs(kl - sl) < 0.01, $"lightness at ({x},{y}): {kl} vs stylized {sl}");
            // Chroma is the photo's unless it did not fit in sRGB at the new lightness (then it is reduced, hue kept).
            double photoChroma = Math.Sqrt(pa * pa + pb * pb), keptChroma = Math.Sqrt(ka * ka + kb * kb);
            Assert.True(keptChroma <= photoChroma + 0.01, $"chroma grew at ({x},{y})");
            if (Math.Abs(keptChroma - photoChroma) < 0.01)
            {
                inGamut++;
                Assert.True(Math.Abs(ka - pa) < 0.012 && Math.Abs(kb - pb) < 0.012, $"chroma at ({x},{y}): ({ka},{kb}) vs photo ({pa},{pb})");
            }
            else if (photoChroma > 0.03)
            {
                double hue = Math.Atan2(pb, pa), keptHue = Math.Atan2(kb, ka);
                double turn = Math.Abs(Math.IEEERemainder(hue - keptHue, 2 * Math.PI));
                Assert.True(turn < 0.15 || keptChroma < 0.02, $"hue turned by {turn} at ({x},{y})");
            }
        }
        Assert.True(inGamut > photo.Width * photo.Height / 3, $"only {inGamut} pixels kept their chroma exactly");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(96)]
    public void WorkSizeRunsTheNetworkAtThatSizeAndComesBackAtFullSize(int workSize)
    {
        string output = _folder.File("out.jpg");
        var result = CinRunner.Run(_input, "-o", output, "--style", "wave", "--work-size", workSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal((48, 32), TestImages.Size(output));
        var (w, h) = Resampling.Fit(48, 32, workSize);
        Assert.Contains($"48x32 (network at {w}x{h}), style wave", result.Output);
    }

    [Fact]
    public void WorkSizeChangesTheResultAndTheFullSizeIsTheDefault()
    {
        using var plain = Stylize();
        using var same = Stylize("--work-size", "48");
        using var small = Stylize("--work-size", "16");
        Assert.Equal(Pixels(plain), Pixels(same));
        Assert.NotEqual(Pixels(plain), Pixels(small));
    }

    [Theory]
    [InlineData("--strength", "1.5", "between 0 and 1")]
    [InlineData("--strength", "-0.1", "between 0 and 1")]
    [InlineData("--strength", "lots", "a number from 0 to 1")]
    [InlineData("--work-size", "8", "between 16 and 65535")]
    public void BadValuesAreUsageErrors(string option, string value, string message)
    {
        var result = CinRunner.Run(_input, "-o", _folder.File("out.png"), "--style", "wave", option, value);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.ErrorLines[0]);
    }

    [Fact]
    public void AnUnknownColourMethodIsAUsageError()
    {
        var result = CinRunner.Run(_input, "-o", _folder.File("out.png"), "--style", "wave", "--keep-colors=sepia");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("sepia", result.ErrorLines[0]);
    }

    [Fact]
    public void ABareKeepColorsDoesNotSwallowTheNextArgument()
    {
        Assert.Equal(["--keep-colors", "luminance", "photo.jpg"], CinCommand.BareKeepColors(["--keep-colors", "photo.jpg"]));
        Assert.Equal(["--keep-colors", "histogram", "a"], CinCommand.BareKeepColors(["--keep-colors", "histogram", "a"]));
        Assert.Equal(["a", "--keep-colors", "luminance"], CinCommand.BareKeepColors(["a", "--keep-colors"]));
        Assert.Equal(["--keep-colors=histogram"], CinCommand.BareKeepColors(["--keep-colors=histogram"]));

        string output = _folder.File("kept.png");
        var result = CinRunner.Run("--keep-colors", _input, "-o", output, "--style", "wave");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
    }

    // ---- helpers ----

    private static byte[] Pixels(Image<Rgba32> image)
    {
        var bytes = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    private static double Lightness(Rgba32 p) => Lab(p).L;

    private static (double L, double A, double B) Lab(Rgba32 p) => Lab(p.R / 255f, p.G / 255f, p.B / 255f);

    private static (double L, double A, double B) Lab(float r, float g, float b) => OklabReference.FromSrgb(r, g, b);
}
