using Cin.Engine.Kernels.Backward;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Backward;

/// <summary>
/// The strided data gradient phase by phase against the scatter twin (each output gradient spread back through every
/// tap, in double): the generator's and loss network's strides, kernels larger and smaller than the stride, inputs
/// whose last rows and columns no window reads, and one and several threads.
/// </summary>
public sealed class PhaseConvGradientTests
{
    [Theory]
    [InlineData(10, 10, 16, 8, 3, 2, 1)]
    [InlineData(11, 9, 16, 5, 3, 2, 2)]   // the last row and column are read by no window
    [InlineData(34, 34, 32, 64, 3, 2, 2)] // a padded 32x32 map, as the generator's strided layers see it
    [InlineData(9, 12, 16, 3, 1, 2, 1)]   // a 1x1 projection: only phase (0, 0) has a tap
    [InlineData(13, 14, 32, 7, 4, 3, 3)]  // stride 3, a kernel that is no multiple of it
    [InlineData(7, 7, 16, 4, 7, 2, 2)]
    [InlineData(6, 6, 16, 12, 3, 1, 1)]   // stride 1: one phase, the whole turned kernel
    public void Matches_the_scatter_twin(int h, int w, int ci, int co, int k, int stride, int threads)
    {
        int ho = (h - k) / stride + 1, wo = (w - k) / stride + 1;
        float[] hwio = RandomData.HeWeights(ci + co + k, k, ci, co);
        float[] dy = RandomData.Uniform(h * w + stride, ho * wo * co);
        var dx = FeatureMap.Uninitialized(h, w, ci);
        dx.Span.Fill(float.NaN); // every value must be written
        PhaseConvGradient.Apply(new FeatureMap(ho, wo, co, dy), PhaseConvGradient.Pack(hwio, k, stride, ci, co), dx, threads);

        var twin = new double[h * w * ci];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        for (int i = 0; i < ci; i++)
                        {
                            double sum = 0;
                            for (int o = 0; o < co; o++)
                                sum += (double)hwio[((ky * k + kx) * ci + i) * co + o] * dy[(oy * wo + ox) * co + o];
                            twin[((oy * stride + ky) * w + ox * stride + kx) * ci + i] += sum;
                        }
        double worst = 0;
        for (int i = 0; i < twin.Length; i++) worst = Math.Max(worst, Math.Abs(twin[i] - dx.Span[i]));
        Assert.True(worst < 1e-5, $"max difference {worst:G3}");
    }

    [Fact]
    public void Refuses_channels_that_are_not_whole_vectors_and_mismatched_sizes()
    {
        Assert.False(PhaseConvGradient.Fits(3));
        Assert.Throws<ArgumentException>(() => PhaseConvGradient.Pack(new float[9 * 3 * 8], 3, 2, 3, 8));
        var weights = PhaseConvGradient.Pack(new float[9 * 16 * 8], 3, 2, 16, 8);
        Assert.Throws<ArgumentException>(() => PhaseConvGradient.Apply(new FeatureMap(5, 5, 8), weights, new FeatureMap(9, 9, 16)));
    }
}
