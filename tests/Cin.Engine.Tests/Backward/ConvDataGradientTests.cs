using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;
using Cin.Engine.Tests.Reference;
using static Cin.Engine.Tests.Backward.BackwardReference;

namespace Cin.Engine.Tests.Backward;

public class ConvDataGradientTests
{
    /// <summary>
    /// Shapes for each forward kernel the turned convolution can run on (the algorithm is asserted, so a change to
    /// the rules cannot quietly leave one untested), stride 1 and 2, odd sides, and the 9x9 last layer.
    /// </summary>
    public static TheoryData<int, int, int, int, int, int, ConvAlgorithm> Cases() => new()
    {
        { 3, 1, 7, 5, 16, 8, ConvAlgorithm.Winograd },
        { 3, 1, 9, 11, 5, 6, ConvAlgorithm.Direct },
        { 3, 1, 7, 5, 3, 8, ConvAlgorithm.NarrowOutput },
        { 3, 2, 7, 5, 8, 16, ConvAlgorithm.Winograd },
        { 3, 2, 9, 11, 6, 7, ConvAlgorithm.Direct },
        { 3, 2, 8, 6, 5, 6, ConvAlgorithm.Direct },
        { 9, 1, 9, 11, 8, 3, ConvAlgorithm.Winograd },
        { 9, 1, 7, 5, 4, 3, ConvAlgorithm.NarrowOutput },
        { 9, 1, 9, 11, 3, 8, ConvAlgorithm.NarrowOutput },
        { 1, 1, 7, 5, 3, 5, ConvAlgorithm.Direct },
    };

    private static FeatureMap RunFast(float[] dy, int h, int w, int ci, float[] hwio, int k, int co, int stride, int threads,
        out ConvAlgorithm algorithm)
    {
        var weights = ConvDataGradientWeights.FromHwio(hwio, k, ci, co);
        algorithm = weights.Algorithm;
        int ho = OutputSize(h, k, stride), wo = OutputSize(w, k, stride);
        int hs = ConvDataGradient.ScratchSize(h, k), ws = ConvDataGradient.ScratchSize(w, k);
        // Scratch that starts out full of garbage: the kernel must write every value it reads.
        var spread = new FeatureMap(hs, ws, co, RandomData.Uniform(90, hs * ws * co, 50, 60));
        var full = new FeatureMap(hs, ws, ci, RandomData.Uniform(91, hs * ws * ci, 50, 60));
        var result = new FeatureMap(h, w, ci, RandomData.Uniform(92, h * w * ci, 50, 60));
        return ConvDataGradient.Apply(new FeatureMap(ho, wo, co, dy), weights, stride, result, spread, full, threads);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fast_gradient_matches_its_twin(int k, int stride, int h, int w, int ci, int co, ConvAlgorithm expectedAlgorithm)
    {
        float[] hwio = RandomData.HeWeights(1, k, ci, co);
        int ho = OutputSize(h, k, stride), wo = OutputSize(w, k, stride);
        float[] dy = RandomData.Uniform(2, ho * wo * co);
        var expected = ConvDataGradientTwin(ToDouble(dy), h, w, ci, hwio, k, co, stride);
        foreach (int threads in new[] { 1, 2 })
        {
            var actual = RunFast(dy, h, w, ci, hwio, k, co, stride, threads, out var algorithm);
            Assert.Equal(expectedAlgorithm, algorithm);
            // float32 sums of at most 9*9*16 products of values near 1, against double: a few 1e-7 relative; Winograd's
            // transforms (coefficients up to 4) add a little more.
            double error = RelativeError(expected, actual.Span);
            Assert.True(error < 2e-5, $"{algorithm}, {threads} thread(s): relative error {error:E2}");
        }
    }

    /// <summary>
    /// The twin against central differences of the forward twin, at every input value: the loss
    /// <c>sum(R * conv(x))</c> is linear in x, so the differences are exact but for rounding (about 1e-16 / 1e-5).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_twin_matches_finite_differences(int k, int stride, int h, int w, int ci, int co, ConvAlgorithm algorithm)
    {
        _ = algorithm;
        float[] hwio = RandomData.HeWeights(3, k, ci, co);
        int ho = OutputSize(h, k, stride), wo = OutputSize(w, k, stride);
        double[] r = ToDouble(RandomData.Uniform(4, ho * wo * co));
        double[] x = ToDouble(RandomData.Uniform(5, h * w * ci));
        var analytic = ConvDataGradientTwin(r, h, w, ci, hwio, k, co, stride);
        var numeric = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            numeric[i] = CentralDifference(x, i, v => Dot(r, Conv(v, h, w, ci, hwio, k, co, stride)));
        double error = RelativeError(numeric, analytic);
        Assert.True(error < 1e-8, $"relative error {error:E2}");
    }
}
