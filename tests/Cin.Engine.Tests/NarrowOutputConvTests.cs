using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>
/// The pixel-vectorized convolution for at most four output channels, on every SIMD strategy, against the reference
/// convolution: the RGB block and the general one, widths that leave a part block, one and several bands.
/// </summary>
public class NarrowOutputConvTests
{
    public static TheoryData<string, int, int, int, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int, int, int, int>();
        foreach (string strategy in SimdStrategy.All)
        {
            data.Add(strategy, 9, 13, 71, 4, 3, 2);
            data.Add(strategy, 9, 9, 5, 32, 4, 1);
            data.Add(strategy, 9, 40, 5, 1, 1, 3);
            data.Add(strategy, 3, 6, 37, 8, 2, 2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_the_reference_convolution(string strategy, int k, int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h * 3 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * 2 + co, k, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, k, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        var conv = new Convolution(new FeatureMap(h, w, ci, x), ConvWeights.FromHwio(hwio, k, ci, co), output, threads);
        SimdStrategy.Run(strategy, ref conv);

        // k*k*ci products summed in float in another order than the double reference: roundings of 1e-6 each.
        Assert.True(RandomData.MaxAbsDifference(expected, output.Span) < 1e-4f, $"max abs difference {RandomData.MaxAbsDifference(expected, output.Span)}");
    }

    private readonly struct Convolution(FeatureMap input, ConvWeights weights, FeatureMap output, int threads) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => NarrowOutputConv.Apply<T>(input, weights, output, threads, null);
    }
}
