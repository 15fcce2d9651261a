using Cin.Engine.Learning;
using Cin.Engine.Network;
using Cin.TestSupport.Learning;

namespace Cin.Engine.Tests.Learning;

/// <summary>
/// The learner's wiring (batch mean, the two paths into the output's gradient, accumulation into the row, the
/// sampler's state) on small stand-in networks whose backward passes are simple enough to be right by inspection;
/// the real networks' backward passes have their own checks.
/// </summary>
public sealed class StyleLearnerTests
{
    private static FeatureMap Photo(int seed, int size = 16)
    {
        var random = new Random(seed);
        var photo = new FeatureMap(size, size, 3);
        // Mirror-symmetric, so a flipped crop is the same crop: the batch is then a fixed function of the row.
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size / 2; x++)
                for (int c = 0; c < 3; c++)
                    photo[y, x, c] = photo[y, size - 1 - x, c] = (float)random.NextDouble();
        return photo;
    }

    private static StyleLearner Learner(int batch = 2, int seed = 3)
    {
        var lossNetwork = new PoolingLossNetwork();
        var sampler = new CropSampler([Photo(1)], crop: 16, seed);
        var target = StyleLearner.Target(Photo(2, 24), lossNetwork, new CropSampler([Photo(3)], 16, 4), crops: 2, threads: 1);
        var row = new StyleRow([3]);
        row.Gamma(0).Fill(0.8f);
        row.Beta(0).Fill(-0.1f);
        return new StyleLearner(new PerChannelSigmoid(), lossNetwork, new PerceptualLoss(target, new LossWeights(1.1, 0.75, 0.5)), sampler, row,
            new AdamOptimizer(row.Values.Length, 0.05), batch, threads: 1);
    }

    [Fact]
    public void TheRowGradientMatchesFiniteDifferencesOfTheBatchLoss()
    {
        var learner = Learner();
        var (gamma, beta) = learner.Row.ZeroGradients();
        learner.Evaluate(gamma, beta);
        double[] analytic = learner.Row.Flatten(gamma, beta);
        for (int i = 0; i < learner.Row.Values.Length; i++)
        {
            float saved = learner.Row.Values[i];
            const float h = 1e-3f;
            learner.Row.Values[i] = saved + h;
            double plus = learner.Evaluate(learner.Row.ZeroGradients().Gamma, learner.Row.ZeroGradients().Beta).Total;
            learner.Row.Values[i] = saved - h;
            double minus = learner.Evaluate(learner.Row.ZeroGradients().Gamma, learner.Row.ZeroGradients().Beta).Total;
            learner.Row.Values[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-2 * Math.Abs(analytic[i]) + 1e-4, $"parameter {i}: numeric {numeric:G6}, analytic {analytic[i]:G6}");
        }
    }

    [Fact]
    public void TheGeneratedBackwardGivesTheLearnerTheRowGradient()
    {
        // The tiny generated model (odd widths, two residual blocks, sub-pixel and narrow layers) with random weights.
        var random = new Random(11);
        var network = new TinyNetwork(Enumerable.Range(0, TinyNetwork.WeightCount).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray());
        var lossNetwork = new PoolingLossNetwork();
        var sampler = new CropSampler([Photo(1)], crop: 16, seed: 3);
        var target = StyleLearner.Target(Photo(2, 24), lossNetwork, new CropSampler([Photo(3)], 16, 4), crops: 2, threads: 1);
        var row = StyleRow.MeanOf(network);
        var learner = new StyleLearner(new StyleNetworkTrainer(network), lossNetwork, new PerceptualLoss(target, new LossWeights(TotalVariation: 0)), sampler, row,
            new AdamOptimizer(row.Values.Length, 0.01), batch: 1, threads: 1);
        var (gamma, beta) = row.ZeroGradients();
        learner.Evaluate(gamma, beta);
        double[] analytic = row.Flatten(gamma, beta);
        // A few entries from the first, a middle and the last norm layer, gamma and beta.
        int half = row.Values.Length / 2;
        foreach (int i in new[] { 0, 3, half / 2, half - 1, half, half + half / 2, row.Values.Length - 1 })
        {
            float saved = row.Values[i];
            // Small: ReLU kinks make the loss rough at larger steps (2e-3 moves the estimate by 3%). Float rounding of the
            // loss then leaves about 3e-3 of noise, which matters only where the gradient is near zero (a beta whose
            // shift the next instance norm removes, such as the first residual block's second beta). The float loss is rough
            // enough that the estimate moves by 3% between SIMD paths, so this checks the wiring (a lost factor or a dropped
            // path fails it by far); the kernels' own gradients have tight checks in Backward/.
            const float h = 2.5e-4f;
            row.Values[i] = saved + h;
            double plus = learner.Evaluate(row.ZeroGradients().Gamma, row.ZeroGradients().Beta).Total;
            row.Values[i] = saved - h;
            double minus = learner.Evaluate(row.ZeroGradients().Gamma, row.ZeroGradients().Beta).Total;
            row.Values[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 6e-2 * Math.Abs(analytic[i]) + 5e-3, $"parameter {i}: numeric {numeric:G6}, analytic {analytic[i]:G6}");
        }
    }

    [Theory]
    [InlineData(4, 2)] // two lanes, each crop on one thread: the same sums in the same order
    [InlineData(3, 2)] // a lane with one crop more than the other
    [InlineData(2, 5)] // two lanes of two threads each, with one thread left over
    public void CropsSideBySideStepAsCropsOneAfterAnother(int batch, int threads)
    {
        var random = new Random(11);
        var weights = Enumerable.Range(0, TinyNetwork.WeightCount).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray();
        StyleLearner Make(int t)
        {
            var network = new TinyNetwork(weights);
            var lossNetwork = new PoolingLossNetwork();
            var target = StyleLearner.Target(Photo(2, 24), lossNetwork, new CropSampler([Photo(3)], 16, 4), crops: 2, threads: 1);
            var row = StyleRow.MeanOf(network);
            return new StyleLearner(new StyleNetworkTrainer(network), lossNetwork, new PerceptualLoss(target, new LossWeights()),
                new CropSampler([Photo(1, 24), Photo(5, 20)], crop: 16, seed: 3), row, new AdamOptimizer(row.Values.Length, 0.01), batch, t);
        }
        var alone = Make(1);
        var sideBySide = Make(threads);
        // Several steps: each lane's maps are used again from the second step on, and must not carry anything over.
        for (int step = 0; step < 4; step++)
        {
            var expected = alone.Step();
            var actual = sideBySide.Step();
            Assert.Equal(expected.Total, actual.Total, 1e-9);
            Assert.Equal(expected.StylePerLayer, actual.StylePerLayer, new ToleranceComparer(1e-9));
        }
        for (int i = 0; i < alone.Row.Values.Length; i++)
            Assert.True(Math.Abs(alone.Row.Values[i] - sideBySide.Row.Values[i]) <= 1e-6f, $"row entry {i}: {alone.Row.Values[i]} against {sideBySide.Row.Values[i]}");
    }

    [Fact]
    public void A_failing_crop_throws_its_own_exception_not_the_lanes_wrapper()
    {
        var lossNetwork = new PoolingLossNetwork();
        var target = StyleLearner.Target(Photo(2, 24), lossNetwork, new CropSampler([Photo(3)], 16, 4), crops: 2, threads: 1);
        var row = new StyleRow([3]);
        var learner = new StyleLearner(new FailingNetwork(), lossNetwork, new PerceptualLoss(target, new LossWeights()),
            new CropSampler([Photo(1)], crop: 16, seed: 3), row, new AdamOptimizer(row.Values.Length, 0.01), batch: 4, threads: 2);
        var error = Assert.Throws<InvalidOperationException>(() => learner.Step());
        Assert.Equal("no pass", error.Message);
    }

    private sealed class FailingNetwork : IStyleNetworkTrainer
    {
        public IReadOnlyList<int> NormWidths => [3];
        public IStylePass Forward(FeatureMap rgb, StyleParameters style, int threads) => throw new InvalidOperationException("no pass");
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double value) => 0;
    }

    [Fact]
    public void StepsLowerTheLoss()
    {
        var learner = Learner(batch: 1);
        double first = learner.Step().Total, last = first;
        for (int i = 0; i < 60; i++) last = learner.Step().Total;
        Assert.True(last < 0.8 * first, $"loss {first:G4} -> {last:G4}");
        Assert.Equal(61, learner.Optimizer.Step);
    }

    [Fact]
    public void TheSamplerResumesWhereItStopped()
    {
        var photos = new[] { Photo(5, 40), Photo(6, 36) };
        var a = new CropSampler(photos, 16, seed: 9);
        var b = new CropSampler(photos, 16, seed: 9);
        var x = new FeatureMap(16, 16, 3);
        var y = new FeatureMap(16, 16, 3);
        for (int i = 0; i < 7; i++) a.Next(x);
        b.Skip(a.Draws);
        a.Next(x);
        b.Next(y);
        Assert.Equal(x.Span.ToArray(), y.Span.ToArray());
    }
}
