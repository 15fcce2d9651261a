using Cin.Engine.Finishing;
using Cin.Engine.Imaging;

namespace Cin.Engine.Tests;

/// <summary>
/// The finishing passes on maps, without files: kept colours (Oklab), colours outside sRGB, and resampling. Oklab is
/// computed here independently of cin's implementation (double precision, exact sRGB curve).
/// </summary>
public sealed class FinishingTests
{
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

    // ---- helpers ----

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

    private static (double L, double A, double B) Lab(float r, float g, float b) => OklabReference.FromSrgb(r, g, b);
}
