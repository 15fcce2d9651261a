using Cin.Engine;
using Cin.Features;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// The generated backward pass of the loss network as cin ships it (<see cref="Resnet18TrunkFeatures"/>), against
/// finite differences of a random linear function of its four taps, <c>L(x) = sum_k sum(R_k * tap_k(x))</c>, summed in
/// float64: along random directions over the whole image, and at single pixels (corners included, where the lopsided
/// pads decide what a window sees). The sizes are odd and accepted (0 to 3 more than a multiple of 16).
/// </summary>
public sealed class ResNetGradientTests
{
    private static readonly Lazy<Resnet18TrunkFeatures> Network = new(Resnet18TrunkFeatures.LoadEmbedded);

    /// <summary>ForwardTo stops at a tap and gives exactly Forward's map there.</summary>
    [Fact]
    public void Forward_to_a_tap_gives_that_tap()
    {
        var random = new Random(5);
        var image = new FeatureMap(51, 67, 3);
        for (int i = 0; i < image.Length; i++) image.Data[i] = random.NextSingle();
        var taps = Network.Value.Forward(image, 2).All;
        for (int k = 0; k < taps.Count; k++)
            Assert.True(Network.Value.ForwardTo(k, image, 2).Span.SequenceEqual(taps[k].Map.Span), $"tap {taps[k].Name}");
        Assert.Throws<ArgumentOutOfRangeException>(() => Network.Value.ForwardTo(taps.Count, image));
    }

    [Theory]
    [InlineData(35, 33, 1)]
    [InlineData(49, 51, 2)]
    public void Input_gradient_matches_finite_differences(int height, int width, int threads)
    {
        var network = Network.Value;
        var random = new Random(height * 1000 + width);
        var image = new FeatureMap(height, width, 3);
        for (int i = 0; i < image.Length; i++) image.Data[i] = 0.2f + 0.6f * random.NextSingle();

        var pass = network.ForwardForTraining(image, threads);
        var plain = network.Forward(image, threads);
        var weights = pass.Taps.All.Select(t =>
        {
            var r = new FeatureMap(t.Map.Height, t.Map.Width, t.Map.Channels);
            for (int i = 0; i < r.Length; i++) r.Data[i] = 2 * random.NextSingle() - 1;
            return r;
        }).ToArray();
        for (int k = 0; k < weights.Length; k++)
            Assert.True(pass.Taps.All[k].Map.Span.SequenceEqual(plain.All[k].Map.Span), $"tap {pass.Taps.All[k].Name}: the training forward differs from Forward");

        FeatureMap gradient = network.Backward(pass, weights, threads);
        Assert.Equal((height, width, 3), (gradient.Height, gradient.Width, gradient.Channels));
        // The tap gradients are read, not spent: a second backward pass gives the same gradient.
        Assert.True(gradient.Span.SequenceEqual(network.Backward(pass, weights, threads).Span), "a second backward pass differs");

        double Loss(FeatureMap x)
        {
            var taps = network.Forward(x, threads).All;
            double sum = 0;
            for (int k = 0; k < taps.Count; k++)
            {
                ReadOnlySpan<float> t = taps[k].Map.Span, r = weights[k].Span;
                for (int i = 0; i < t.Length; i++) sum += (double)t[i] * r[i];
            }
            return sum;
        }

        double Along(FeatureMap direction, float eps)
        {
            var plus = new FeatureMap(height, width, 3);
            var minus = new FeatureMap(height, width, 3);
            for (int i = 0; i < image.Length; i++)
            {
                plus.Data[i] = image.Data[i] + eps * direction.Data[i];
                minus.Data[i] = image.Data[i] - eps * direction.Data[i];
            }
            return (Loss(plus) - Loss(minus)) / (2.0 * eps);
        }

        double Dot(FeatureMap a, FeatureMap b)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++) sum += (double)a.Data[i] * b.Data[i];
            return sum;
        }

        // Finite differences through some 20 ReLUs and a max-pool cross kinks when the step is large, and the float32
        // loss is noisy in its last digits when it is small: so each check takes the closest of three steps.
        double Closest(FeatureMap direction, double analytic, params float[] steps) =>
            steps.Select(e => Along(direction, e)).MinBy(numeric => Math.Abs(numeric - analytic));
        var report = new List<string>();

        // Along the gradient itself: the largest signal, so the tightest bound.
        var along = new FeatureMap(height, width, 3);
        float largest = gradient.Span.ToArray().Max(Math.Abs);
        for (int i = 0; i < along.Length; i++) along.Data[i] = gradient.Data[i] / largest;
        double alongAnalytic = Dot(gradient, along), alongNumeric = Closest(along, alongAnalytic, 1e-3f, 3e-4f, 1e-4f);
        report.Add($"along the gradient: {alongAnalytic:G6} vs {alongNumeric:G6}");
        Assert.True(Math.Abs(alongNumeric - alongAnalytic) <= 5e-3 * Math.Abs(alongAnalytic),
            $"{height}x{width}, along the gradient: analytic {alongAnalytic:G6}, finite difference {alongNumeric:G6}");

        // Random directions over the whole image: bounded by the size of the terms, since their sum cancels.
        for (int trial = 0; trial < 3; trial++)
        {
            var direction = new FeatureMap(height, width, 3);
            for (int i = 0; i < direction.Length; i++) direction.Data[i] = 2 * random.NextSingle() - 1;
            double analytic = Dot(gradient, direction), terms = 0;
            for (int i = 0; i < direction.Length; i++) terms += Math.Abs((double)gradient.Data[i] * direction.Data[i]);
            double numeric = Closest(direction, analytic, 3e-3f, 1e-3f, 3e-4f);
            report.Add($"direction {trial}: {analytic:G6} vs {numeric:G6} of {terms:G4}");
            Assert.True(Math.Abs(numeric - analytic) <= 4e-3 * terms,
                $"{height}x{width}, direction {trial}: analytic {analytic:G6}, finite difference {numeric:G6}, terms {terms:G4}");
        }

        // Single cells: the four corners (where the lopsided pads decide what a window sees) and the middle, each
        // channel (a swapped R and B shows here).
        foreach (var (y, x) in new[] { (0, 0), (0, width - 1), (height - 1, 0), (height - 1, width - 1), (height / 2, width / 2) })
            for (int c = 0; c < 3; c++)
            {
                var direction = new FeatureMap(height, width, 3);
                direction[y, x, c] = 1;
                double analytic = gradient[y, x, c], numeric = Closest(direction, analytic, 1e-2f, 3e-3f, 1e-3f);
                report.Add($"({y},{x},{c}): {analytic:G4} vs {numeric:G4}");
                Assert.True(Math.Abs(numeric - analytic) <= 0.03 * Math.Abs(analytic) + 0.01 * largest,
                    $"{height}x{width}, cell ({y},{x},{c}): analytic {analytic:G6}, finite difference {numeric:G6} (largest {largest:G3})");
            }
        TestContext.Current.SendDiagnosticMessage($"{height}x{width}: {string.Join("; ", report)}");
    }
}
