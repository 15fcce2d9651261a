using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class ConditionalInstanceNormTests
{
    [Theory]
    [InlineData(40, 33, 32, "none", 2)]
    [InlineData(7, 9, 3, "relu", 1)]
    [InlineData(300, 200, 32, "none", 2)]
    public void A_deferred_norm_gives_the_same_bits_as_the_norm_in_place(int h, int w, int c, string activation, int threads)
    {
        float[] x = RandomData.Uniform(h + w + c, h * w * c, -3, 5);
        float[] skip = RandomData.Uniform(h * w + c, h * w * c, -1, 1);
        float[] gamma = RandomData.Uniform(c, c, 0.2f, 2f), beta = RandomData.Uniform(c + 1, c);
        var stats = ChannelStatistics.Gather(new FeatureMap(h, w, c, x));

        var inPlace = new FeatureMap(h, w, c, (float[])x.Clone());
        ConditionalInstanceNorm.Apply(inPlace, stats, gamma, beta, Parse(activation), threads);
        var norm = ConditionalInstanceNorm.Defer(c, stats, gamma, beta, Parse(activation));

        // Read through, row by row, as the next convolution does.
        var copied = new float[x.Length];
        for (int y = 0; y < h; y++) norm.ApplyTo(x.AsSpan(y * w * c, w * c), copied.AsSpan(y * w * c, w * c));
        Assert.Equal(inPlace.Span.ToArray(), copied);

        // With a residual block's skip, in one pass.
        var summed = new FeatureMap(h, w, c, (float[])x.Clone());
        norm.ApplyAndAdd(summed, new FeatureMap(h, w, c, skip), threads);
        ResidualAdd.Apply(inPlace.Span, skip);
        Assert.Equal(inPlace.Span.ToArray(), summed.Span.ToArray());
    }

    [Theory]
    [InlineData(1, 1, 3, "none")]
    [InlineData(5, 7, 3, "relu")]
    [InlineData(9, 4, 5, "sigmoid")]
    [InlineData(16, 16, 32, "relu")]
    [InlineData(3, 11, 17, "none")]
    [InlineData(8, 13, 8, "sigmoid")]
    [InlineData(31, 2, 128, "relu")]
    [InlineData(2, 3, 1, "sigmoid")]
    public void Matches_the_two_pass_reference(int h, int w, int c, string activation)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            float[] x = RandomData.Uniform(h * 31 + w * 7 + c, h * w * c, -3, 5);
            float[] gamma = RandomData.Uniform(c, c, 0.2f, 2f), beta = RandomData.Uniform(c + 1, c);
            float[] expected = ReferenceKernels.InstanceNorm(x, h * w, c, gamma, beta, activation);

            var map = new FeatureMap(h, w, c, (float[])x.Clone());
            ConditionalInstanceNorm.Apply(map, gamma, beta, Parse(activation), threads);

            // The fused a*x + b rounds at the size of a*x, which is large when a channel barely varies (a 1x1
            // image has zero variance, so a = gamma / sqrt(1e-5)); 1e-4 covers that and nothing wrong passes it.
            Assert.True(RandomData.MaxAbsDifference(expected, map.Span) < 1e-4f,
                $"threads {threads}: max abs difference {RandomData.MaxAbsDifference(expected, map.Span)}");
        }
    }

    [Fact]
    public void Stays_accurate_when_a_channel_mean_dwarfs_its_spread()
    {
        // Naive one-pass E[x^2] - E[x]^2 in float loses the variance entirely here.
        const int h = 64, w = 64, c = 4;
        float[] x = RandomData.Uniform(7, h * w * c, 999.9f, 1000.1f);
        float[] gamma = { 1, 1, 1, 1 }, beta = { 0, 0, 0, 0 };
        float[] expected = ReferenceKernels.InstanceNorm(x, h * w, c, gamma, beta, "none");
        var map = new FeatureMap(h, w, c, (float[])x.Clone());
        ConditionalInstanceNorm.Apply(map, gamma, beta, Activation.None);
        Assert.True(RandomData.MaxAbsDifference(expected, map.Span) < 2e-3f,
            $"max abs difference {RandomData.MaxAbsDifference(expected, map.Span)}");
    }

    [Fact]
    public void Statistics_are_population_mean_and_variance()
    {
        var map = new FeatureMap(1, 4, 1, new float[] { 1, 2, 3, 4 });
        var stats = ChannelStatistics.Gather(map);
        Assert.Equal(2.5f, stats.Mean[0], 6);
        Assert.Equal(1.25f, stats.Variance[0], 6);
    }

    private static Activation Parse(string name) => name switch
    {
        "relu" => Activation.Relu,
        "sigmoid" => Activation.Sigmoid,
        _ => Activation.None,
    };
}
