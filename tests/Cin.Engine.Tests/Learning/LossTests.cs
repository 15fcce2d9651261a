using Cin.Engine.Learning;

namespace Cin.Engine.Tests.Learning;

/// <summary>
/// The learner's losses against plain twins (direct loops in double) and finite differences. Sizes are odd and channel
/// counts include ones no vector width divides, so the scalar tails run too.
/// </summary>
public sealed class LossTests
{
    private static FeatureMap Random(int h, int w, int c, int seed, bool relu = false)
    {
        var random = new Random(seed);
        var map = new FeatureMap(h, w, c);
        for (int i = 0; i < map.Length; i++)
        {
            float v = (float)(random.NextDouble() * 2 - 1);
            map.Span[i] = relu ? Math.Max(0, v) : v;
        }
        return map;
    }

    /// <summary>The twin: G[i,j] = (1/N) sum_p F[p,i] F[p,j], in double.</summary>
    private static double[] GramTwin(FeatureMap f)
    {
        int c = f.Channels, n = f.Pixels;
        var g = new double[c * c];
        for (int p = 0; p < n; p++)
            for (int i = 0; i < c; i++)
                for (int j = 0; j < c; j++)
                    g[i * c + j] += (double)f.Data[p * c + i] * f.Data[p * c + j];
        for (int i = 0; i < g.Length; i++) g[i] /= n;
        return g;
    }

    [Theory]
    [InlineData(7, 5, 3, 1)]
    [InlineData(9, 11, 5, 2)]
    [InlineData(13, 17, 16, 2)]
    [InlineData(33, 31, 64, 2)]
    [InlineData(1, 1, 8, 1)]
    [InlineData(17, 13, 128, 2)] // more positions than a block, at layer2's width
    [InlineData(9, 8, 256, 2)]   // layer3's width
    [InlineData(11, 7, 12, 2)]   // channels not a whole 8-float vector
    public void GramMatchesItsTwin(int h, int w, int c, int threads)
    {
        var f = Random(h, w, c, h * 100 + c, relu: true);
        var fast = new double[c * c];
        GramMatrix.Compute(f, fast, threads);
        var twin = GramTwin(f);
        for (int i = 0; i < fast.Length; i++) Assert.Equal(twin[i], fast[i], 1e-6);
    }

    [Theory]
    [InlineData(7, 5, 3)]
    [InlineData(9, 11, 16)]
    [InlineData(5, 3, 20)]
    [InlineData(9, 7, 64)]
    [InlineData(4, 5, 256)]
    public void GramBackwardMatchesItsTwin(int h, int w, int c)
    {
        var f = Random(h, w, c, 5);
        var random = new Random(6);
        var d = new float[c * c];
        for (int i = 0; i < c; i++)
            for (int j = 0; j <= i; j++) d[i * c + j] = d[j * c + i] = (float)(random.NextDouble() - 0.5);
        var fast = new FeatureMap(h, w, c);
        GramMatrix.Backward(f, d, fast, threads: 2);
        int n = h * w;
        for (int p = 0; p < n; p++)
            for (int k = 0; k < c; k++)
            {
                double sum = 0;
                for (int j = 0; j < c; j++) sum += (double)f.Data[p * c + j] * d[j * c + k];
                Assert.Equal(2.0 / n * sum, fast.Data[p * c + k], 1e-5);
            }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 9)]
    [InlineData(7, 1)]
    [InlineData(6, 5)]
    [InlineData(13, 11)] // rows of 33 floats: vectors and a scalar tail
    [InlineData(32, 48)]
    public void TotalVariationMatchesItsTwin(int h, int w)
    {
        var rgb = Random(h, w, 3, 70);
        // Equal neighbours must give a zero gradient, as sign(0) does: a flat patch and a flat row.
        for (int x = 0; x < Math.Min(w, 3) * 3; x++) rgb.Span[x] = 0.25f;
        if (h > 1) for (int x = 0; x < 3; x++) rgb.Span[w * 3 + x] = 0.25f;
        var fast = new FeatureMap(h, w, 3);
        fast.Span.Fill(7); // overwritten, not added to
        double loss = TotalVariation.Loss(rgb, fast, 0.8);

        double vertical = 0, horizontal = 0;
        var twin = new double[rgb.Length];
        long vc = (long)(h - 1) * w * 3, hc = (long)h * (w - 1) * 3;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    int at = (y * w + x) * 3 + c;
                    if (y + 1 < h)
                    {
                        double d = rgb.Span[at + w * 3] - rgb.Span[at];
                        vertical += Math.Abs(d);
                        twin[at + w * 3] += Math.Sign(d) * 0.8 / vc;
                        twin[at] -= Math.Sign(d) * 0.8 / vc;
                    }
                    if (x + 1 < w)
                    {
                        double d = rgb.Span[at + 3] - rgb.Span[at];
                        horizontal += Math.Abs(d);
                        twin[at + 3] += Math.Sign(d) * 0.8 / hc;
                        twin[at] -= Math.Sign(d) * 0.8 / hc;
                    }
                }
        double expected = (vc > 0 ? vertical / vc : 0) + (hc > 0 ? horizontal / hc : 0);
        Assert.Equal(expected, loss, 1e-6 * Math.Max(1, expected));
        for (int i = 0; i < twin.Length; i++) Assert.Equal(twin[i], fast.Span[i], 1e-6);
    }

    /// <summary>Taps of small odd shapes at the four loss layers' widths ratio (not the real widths, to keep the check fast).</summary>
    private static LossTaps Taps(int seed) => new(Random(9, 7, 4, seed, true), Random(5, 4, 6, seed + 1, true), Random(3, 3, 8, seed + 2, true), Random(2, 3, 5, seed + 3, true));

    [Fact]
    public void TheLossGradientsMatchFiniteDifferences()
    {
        var paintingGrams = StyleTarget.GramsOf(Taps(10), 1);
        var target = StyleTarget.Calibrate(paintingGrams, [Taps(20), Taps(30)], 1);
        var loss = new PerceptualLoss(target, new LossWeights(Content: 1.3, Style: 0.75, TotalVariation: 0.9));
        var output = Taps(40);
        var photo = Random(3, 3, 8, 50, true);
        var rgb = Random(6, 5, 3, 60);
        for (int i = 0; i < rgb.Length; i++) rgb.Span[i] = 0.5f + 0.4f * rgb.Span[i];
        const double scale = 0.5; // one image of a batch of two

        var grads = output.ZerosLike();
        var rgbGrad = new FeatureMap(rgb.Height, rgb.Width, 3);
        var parts = loss.Evaluate(output, photo, rgb, grads, rgbGrad, scale, threads: 1);
        Assert.Equal(parts.Content * 1.3 + parts.Style * 0.75 + parts.TotalVariation * 0.9, parts.Total, 1e-9);

        double Total() => scale * loss.Evaluate(output, photo, rgb, output.ZerosLike(), new FeatureMap(rgb.Height, rgb.Width, 3), 1, 1).Total;
        foreach (LossLayer layer in Enum.GetValues<LossLayer>())
            CheckDirectionalDerivative(output[layer], grads[layer], Total, seed: (int)layer);
        CheckDirectionalDerivative(rgb, rgbGrad, Total, seed: 9, smooth: false);
    }

    /// <summary>
    /// Compares the gradient with central differences along a random direction (every entry at once, so one check per
    /// map). In float the loss is exact to about 1e-7 relative; a step of 1e-3 makes the truncation error of the
    /// quadratic Gram terms vanish (central differences are exact for quadratics) and leaves rounding near 1e-4.
    /// </summary>
    private static void CheckDirectionalDerivative(FeatureMap x, FeatureMap gradient, Func<double> loss, int seed, bool smooth = true)
    {
        var random = new Random(seed);
        var direction = new float[x.Length];
        for (int i = 0; i < direction.Length; i++) direction[i] = (float)(random.NextDouble() - 0.5);
        double analytic = 0;
        for (int i = 0; i < x.Length; i++) analytic += (double)gradient.Data[i] * direction[i];
        // TV is piecewise linear: a step small enough not to cross a kink (no difference is within 1e-4 of zero here).
        float h = smooth ? 1e-3f : 1e-4f;
        var saved = x.Span.ToArray();
        for (int i = 0; i < x.Length; i++) x.Data[i] = saved[i] + h * direction[i];
        double plus = loss();
        for (int i = 0; i < x.Length; i++) x.Data[i] = saved[i] - h * direction[i];
        double minus = loss();
        saved.CopyTo(x.Data, 0);
        double numeric = (plus - minus) / (2 * h);
        Assert.True(Math.Abs(numeric - analytic) <= 2e-3 * Math.Max(1e-3, Math.Abs(analytic)) + 1e-5,
            $"numeric {numeric:G8}, analytic {analytic:G8}");
    }

    [Fact]
    public void TheUnstyledPhotoScoresOnePerLayerOnAverage()
    {
        var painting = StyleTarget.GramsOf(Taps(1), 1);
        LossTaps[] photos = [Taps(2), Taps(3), Taps(4)];
        var target = StyleTarget.Calibrate(painting, photos, 1);
        var loss = new PerceptualLoss(target, new LossWeights());
        var sums = new double[LossTaps.Count];
        foreach (var photo in photos)
        {
            var rgb = Random(4, 4, 3, 5);
            var parts = loss.Evaluate(photo, photo[LossTaps.Content], rgb, photo.ZerosLike(), new FeatureMap(4, 4, 3), 1, 1);
            Assert.Equal(0, parts.Content, 12); // the photo's own content
            for (int k = 0; k < sums.Length; k++) sums[k] += parts.StylePerLayer[k] / photos.Length;
        }
        Assert.All(sums, s => Assert.Equal(1, s, 9));
    }

    [Fact]
    public void AdamMatchesTheTorchFormula()
    {
        var adam = new AdamOptimizer(2, 0.01);
        float[] p = [1f, -2f];
        double m0 = 0, v0 = 0, x = 1;
        for (int t = 1; t <= 5; t++)
        {
            double g = 0.3 * t - 1;
            adam.Update(p, [g, -g]);
            m0 = 0.9 * m0 + 0.1 * g;
            v0 = 0.999 * v0 + 0.001 * g * g;
            x -= 0.01 / (1 - Math.Pow(0.9, t)) * m0 / (Math.Sqrt(v0 / (1 - Math.Pow(0.999, t))) + 1e-8);
            Assert.Equal(x, p[0], 5);
        }
        Assert.Equal(5, adam.Step);
        var restored = new AdamOptimizer(2, 0.01);
        restored.Restore(adam.Step, adam.FirstMoment, adam.SecondMoment);
        float[] a = [0.5f, 0.5f], b = [0.5f, 0.5f];
        adam.Update(a, [0.2, 0.1]);
        restored.Update(b, [0.2, 0.1]);
        Assert.Equal(a, b);
    }
}
