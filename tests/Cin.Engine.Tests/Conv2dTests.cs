using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class Conv2dTests
{
    public static TheoryData<int, int, int, int, int, int, int> Shapes() => new()
    {
        // h, w, in, out, kernel, stride, threads
        { 1, 1, 3, 3, 1, 1, 1 },
        { 2, 2, 3, 4, 1, 2, 1 },
        { 5, 5, 4, 8, 9, 1, 1 },
        { 6, 6, 3, 16, 5, 2, 1 },
        { 5, 7, 3, 32, 9, 1, 1 },
        { 9, 13, 3, 5, 9, 1, 2 },
        { 11, 17, 32, 32, 3, 2, 1 },
        { 12, 9, 5, 7, 3, 2, 2 },
        { 6, 19, 17, 9, 3, 1, 2 },
        { 8, 8, 8, 4, 3, 1, 1 },
        { 7, 23, 4, 3, 9, 1, 1 },
        { 16, 24, 16, 16, 3, 1, 2 },
        { 3, 31, 1, 1, 3, 1, 1 },
        { 10, 10, 32, 64, 3, 2, 2 },
        { 5, 33, 6, 13, 5, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_the_reference_convolution(int h, int w, int ci, int co, int k, int stride, int threads)
    {
        float[] x = RandomData.Uniform(h * 1000 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * 100 + co, k, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, k, co, stride, out int ho, out int wo);

        var output = new FeatureMap(ho, wo, co);
        Conv2d.Apply(new FeatureMap(h, w, ci, x), ConvWeights.FromHwio(hwio, k, ci, co), stride, output, threads);

        Assert.True(RandomData.MaxAbsDifference(expected, output.Span) < 1e-5f,
            $"max abs difference {RandomData.MaxAbsDifference(expected, output.Span)}");
    }

    [Fact]
    public void Leaves_memory_past_the_output_untouched_when_channels_are_not_a_whole_vector()
    {
        const int h = 4, w = 9, ci = 2, co = 3;
        var buffer = Enumerable.Repeat(float.NaN, h * w * co + 16).ToArray();
        var output = new FeatureMap(h, w, co, buffer);
        Conv2d.Apply(new FeatureMap(h, w, ci, RandomData.Uniform(1, h * w * ci)), ConvWeights.FromHwio(RandomData.HeWeights(2, 3, ci, co), 3, ci, co), 1, output, threads: 2);
        Assert.All(buffer.AsSpan(0, h * w * co).ToArray(), v => Assert.False(float.IsNaN(v)));
        Assert.All(buffer.AsSpan(h * w * co).ToArray(), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Rejects_weights_whose_size_does_not_match_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvWeights.FromHwio(new float[10], 3, 2, 2));
        Assert.Contains("36 weights", error.Message);
    }
}
