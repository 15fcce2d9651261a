using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class WinogradConvTests
{
    [Theory]
    [InlineData(9, 5, 5, 3, 8, 1)]
    [InlineData(9, 5, 8, 3, 8, 1)]
    [InlineData(9, 9, 9, 3, 32, 1)]
    [InlineData(9, 10, 11, 3, 32, 2)]
    [InlineData(9, 31, 29, 3, 32, 2)]
    [InlineData(9, 64, 48, 3, 32, 3)]
    [InlineData(9, 7, 40, 4, 16, 1)]
    [InlineData(9, 12, 13, 8, 24, 2)]
    [InlineData(9, 17, 200, 3, 40, 2)]
    [InlineData(3, 2, 2, 1, 1, 1)]
    [InlineData(3, 5, 7, 3, 5, 1)]
    [InlineData(3, 8, 8, 32, 32, 2)]
    [InlineData(3, 13, 55, 16, 8, 2)]
    [InlineData(3, 16, 16, 128, 128, 2)]
    [InlineData(3, 3, 61, 24, 40, 1)]
    [InlineData(3, 31, 34, 32, 32, 3)]
    [InlineData(3, 40, 25, 16, 16, 1)]
    [InlineData(3, 100, 7, 8, 8, 1)]
    [InlineData(3, 64, 64, 128, 128, 2)]
    public void Matches_the_reference_convolution(int k, int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h * 7 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, k, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, k, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        WinogradConv.Apply(new FeatureMap(h, w, ci, x), WinogradWeights.FromHwio(hwio, k, ci, co), output, threads);

        AssertClose(expected, output);
    }

    public static TheoryData<string, int, int, int, int, int> StrategyShapes()
    {
        var data = new TheoryData<string, int, int, int, int, int>();
        foreach (string strategy in SimdStrategy.All)
        {
            data.Add(strategy, 9, 10, 11, 3, 32);
            data.Add(strategy, 3, 5, 7, 3, 5);
            data.Add(strategy, 3, 13, 55, 16, 8);
            data.Add(strategy, 3, 3, 61, 24, 40);
            data.Add(strategy, 3, 16, 16, 64, 64);
        }
        return data;
    }

    /// <summary>
    /// Each step on the widest strategy no wider than the one named (input channels, any width, or output channels
    /// deciding), so the transforms' vector code runs on every width this CPU has, in one process.
    /// </summary>
    [Theory]
    [MemberData(nameof(StrategyShapes))]
    public void Matches_the_reference_on_every_strategy(string strategy, int k, int h, int w, int ci, int co)
    {
        float[] x = RandomData.Uniform(h * 7 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, k, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, k, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        var conv = new Convolution(new FeatureMap(h, w, ci, x), WinogradWeights.FromHwio(hwio, k, ci, co), output);
        SimdStrategy.Run(strategy, ref conv);

        AssertClose(expected, output);
    }

    private readonly struct Convolution(FeatureMap input, WinogradWeights weights, FeatureMap output) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => WinogradConv.Apply<T>(input, weights, output, 2, null);
    }

    /// <summary>
    /// The F(3x3, 3x3) transforms scale values by up to 4 before the products are summed back, so the result rounds a
    /// little away from the direct sum, in proportion to the size of the outputs: 1e-5 of the largest output (or of 1)
    /// is still far below what a misplaced tap or a wrong transform coefficient gives.
    /// </summary>
    private static void AssertClose(float[] expected, FeatureMap output)
    {
        float scale = Math.Max(1f, expected.Max(MathF.Abs));
        float diff = RandomData.MaxAbsDifference(expected, output.Span);
        Assert.True(diff < 1e-5f * scale, $"max abs difference {diff}, largest output {scale}");
    }

    [Fact]
    public void Rejects_a_kernel_of_another_size()
    {
        Assert.Throws<ArgumentException>(() => WinogradWeights.FromHwio(new float[9 * 3 * 8], 9, 3, 8));
        Assert.Throws<ArgumentException>(() => WinogradWeights.FromHwio(new float[25 * 3 * 8], 5, 3, 8));
    }
}
