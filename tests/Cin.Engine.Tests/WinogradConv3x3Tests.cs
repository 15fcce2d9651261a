using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class WinogradConv3x3Tests
{
    [Theory]
    [InlineData(2, 2, 1, 1, 1)]
    [InlineData(5, 7, 3, 5, 1)]
    [InlineData(9, 9, 7, 7, 2)]
    [InlineData(8, 8, 32, 32, 1)]
    [InlineData(13, 55, 16, 8, 2)]
    [InlineData(16, 16, 128, 128, 2)]
    [InlineData(3, 61, 24, 40, 1)]
    [InlineData(2, 3, 4, 4, 1)]
    public void Matches_the_reference_convolution(int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h * 7 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, 3, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, 3, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        WinogradConv3x3.Apply(new FeatureMap(h, w, ci, x), WinogradWeights.FromHwio(hwio, ci, co), output, threads);

        // Winograd adds and subtracts transformed values before multiplying, so it rounds a little differently from
        // the direct sum; 1e-5 on unit-scale activations is still far below a misplaced tap.
        float diff = RandomData.MaxAbsDifference(expected, output.Span);
        Assert.True(diff < 1e-5f, $"max abs difference {diff}");
    }
}
