using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class SubPixelConv3x3Tests
{
    [Theory]
    [InlineData(1, 1, 3, 3, 1)]
    [InlineData(2, 3, 5, 4, 1)]
    [InlineData(5, 7, 8, 8, 2)]
    [InlineData(9, 4, 32, 8, 2)]
    [InlineData(16, 16, 64, 32, 2)]
    [InlineData(3, 13, 7, 3, 1)]
    public void Matches_upsampling_then_the_reference_convolution(int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h * 3 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * 5 + co, 3, ci, co);
        float[] up = ReferenceKernels.UpsampleNearest(x, h, w, ci, 2);
        float[] expected = ReferenceKernels.Conv(up, 2 * h, 2 * w, ci, hwio, 3, co, 1, out _, out _);

        var output = new FeatureMap(2 * h, 2 * w, co);
        SubPixelConv3x3.Apply(new FeatureMap(h, w, ci, x), SubPixelWeights.FromHwio(hwio, ci, co), output, threads);

        float diff = RandomData.MaxAbsDifference(expected, output.Span);
        Assert.True(diff < 1e-5f, $"max abs difference {diff}");
    }
}
