using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class WinogradConv9x9Tests
{
    [Theory]
    [InlineData(5, 5, 3, 8, 1)]
    [InlineData(5, 8, 3, 8, 1)]
    [InlineData(9, 9, 3, 32, 1)]
    [InlineData(10, 11, 3, 32, 2)]
    [InlineData(31, 29, 3, 32, 2)]
    [InlineData(64, 48, 3, 32, 3)]
    [InlineData(7, 40, 4, 16, 1)]
    [InlineData(12, 13, 8, 24, 2)]
    [InlineData(17, 200, 3, 40, 2)]
    public void Matches_the_reference_convolution(int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h * 7 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, 9, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, 9, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        WinogradConv9x9.Apply(new FeatureMap(h, w, ci, x), Winograd9x9Weights.FromHwio(hwio, ci, co), output, threads);

        // The F(3x3, 3x3) transforms scale values by up to 4 before the products are summed back, so the result rounds
        // a little further from the direct sum than F(2x2, 3x3) does; 1e-5 on unit-scale activations is still far
        // below what a misplaced tap or a wrong transform coefficient gives.
        float diff = RandomData.MaxAbsDifference(expected, output.Span);
        Assert.True(diff < 1e-5f, $"max abs difference {diff}");
    }

    [Fact]
    public void Rejects_a_kernel_of_another_size()
    {
        Assert.Throws<ArgumentException>(() => Winograd9x9Weights.FromHwio(new float[9 * 3 * 8], 3, 8));
    }
}
