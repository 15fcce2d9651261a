using Cin.Engine;
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

    [Fact]
    public void HistogramKeepsTheStylesLightnessAndGivesThePhotosChromaDistribution()
    {
        var photo = Map(48, 32, (x, y) => (0.2f + 0.6f * x / 47, 0.7f, 0.3f + 0.4f * y / 31));
        var stylized = Map(48, 32, (x, y) => ((x * 7 + y * 3) % 11 / 11f, 0.2f + 0.5f * y / 31, (x + y) % 5 / 5f));
        var before = (FeatureMap)Copy(stylized);

        StrengthMix.Apply(photo, stylized, 1, ColorKeeping.Histogram);

        var photoA = Axis(photo, 1);
        var resultA = Axis(stylized, 1);
        var photoB = Axis(photo, 2);
        var resultB = Axis(stylized, 2);
        foreach (double q in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
        {
            Assert.True(Math.Abs(Quantile(photoA, q) - Quantile(resultA, q)) < 0.015, $"a at quantile {q}");
            Assert.True(Math.Abs(Quantile(photoB, q) - Quantile(resultB, q)) < 0.015, $"b at quantile {q}");
        }
        var lightBefore = Axis(before, 0);
        var lightAfter = Axis(stylized, 0);
        double shift = lightBefore.Zip(lightAfter, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(shift < 0.02, $"lightness moved by {shift} on average");
    }

    [Fact]
    public void ColoursThatDoNotFitKeepTheirHueAndLightness()
    {
        // A saturated red's chroma at a very light L is outside sRGB: chroma is reduced, not hue or lightness.
        var photo = Map(1, 1, (_, _) => (1f, 0f, 0f));
        var stylized = Map(1, 1, (_, _) => (0.97f, 0.97f, 0.97f));
        StrengthMix.Apply(photo, stylized, 1, ColorKeeping.Luminance);
        var (l, a, b) = Lab(stylized.Data[0], stylized.Data[1], stylized.Data[2]);
        var (pl, pa, pb) = Lab(1, 0, 0);
        var (sl, _, _) = Lab(0.97f, 0.97f, 0.97f);
        Assert.InRange(stylized.Data.Take(3).Min(), 0f, 1f);
        Assert.True(Math.Abs(l - sl) < 0.005, $"lightness {l} vs {sl}");
        Assert.True(Math.Abs(Math.Atan2(b, a) - Math.Atan2(pb, pa)) < 0.05, "hue kept");
        Assert.True(Math.Sqrt(a * a + b * b) < Math.Sqrt(pa * pa + pb * pb), "chroma reduced");
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

    [Fact]
    public void ResamplingKeepsFlatColourFlatAndFitsTheLongSide()
    {
        var flat = Map(40, 30, (_, _) => (0.25f, 0.5f, 0.75f));
        foreach (var (w, h) in new[] { (20, 15), (80, 60), (7, 5) })
        {
            var resized = Resampling.Resize(flat, w, h);
            Assert.Equal((w, h), (resized.Width, resized.Height));
            Assert.All(Enumerable.Range(0, resized.Pixels), i => Assert.Equal(0.5f, resized.Data[3 * i + 1], 3));
        }
        Assert.Equal((1000, 750), Resampling.Fit(4000, 3000, 1000));
        Assert.Equal((1, 1000), Resampling.Fit(1, 20000, 1000));
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

    private static FeatureMap Map(int width, int height, Func<int, int, (float R, float G, float B)> colour)
    {
        var map = new FeatureMap(height, width, 3);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            var (r, g, b) = colour(x, y);
            map[y, x, 0] = r;
            map[y, x, 1] = g;
            map[y, x, 2] = b;
        }
        return map;
    }

    private static FeatureMap Copy(FeatureMap map)
    {
        var copy = new FeatureMap(map.Height, map.Width, 3);
        map.Span.CopyTo(copy.Span);
        return copy;
    }

    private static double[] Axis(FeatureMap map, int axis) => Enumerable.Range(0, map.Pixels).Select(i =>
    {
        var lab = Lab(map.Data[3 * i], map.Data[3 * i + 1], map.Data[3 * i + 2]);
        return axis switch { 0 => lab.L, 1 => lab.A, _ => lab.B };
    }).Order().ToArray();

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];

    private static double Lightness(Rgba32 p) => Lab(p).L;

    private static (double L, double A, double B) Lab(Rgba32 p) => Lab(p.R / 255f, p.G / 255f, p.B / 255f);

    /// <summary>Oklab from sRGB, computed independently of cin's implementation (double precision, exact sRGB curve).</summary>
    private static (double L, double A, double B) Lab(float r, float g, float b)
    {
        static double Linear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        double lr = Linear(r), lg = Linear(g), lb = Linear(b);
        double l = Math.Cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
        double m = Math.Cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
        double s = Math.Cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
        return (0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s);
    }
}
