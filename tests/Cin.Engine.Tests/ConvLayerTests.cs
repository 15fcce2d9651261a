using Cin.Engine.Kernels;
using Cin.Engine.Network;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class ConvLayerTests
{
    [Theory]
    [InlineData(ConvAlgorithm.Winograd, 3, 1, 12, 9, 16, 8)]
    [InlineData(ConvAlgorithm.Winograd, 9, 1, 14, 19, 3, 32)]
    [InlineData(ConvAlgorithm.Winograd, 9, 1, 6, 5, 3, 8)]
    [InlineData(ConvAlgorithm.SubPixel, 3, 2, 7, 5, 16, 4)]
    [InlineData(ConvAlgorithm.SubPixel, 3, 2, 6, 6, 8, 3)]
    [InlineData(ConvAlgorithm.NarrowOutput, 9, 1, 13, 71, 4, 3)]
    [InlineData(ConvAlgorithm.NarrowOutput, 9, 1, 9, 5, 32, 4)]
    [InlineData(ConvAlgorithm.NarrowOutput, 9, 1, 40, 3, 1, 1)]
    public void Fast_algorithms_give_the_direct_layer_s_output(ConvAlgorithm algorithm, int k, int upsample, int h, int w, int ci, int co)
    {
        float[] hwio = RandomData.HeWeights(5, k, ci, co);
        float[] gamma = RandomData.Uniform(6, co, 0.5f, 1.5f), beta = RandomData.Uniform(7, co);
        var direct = new ConvLayer("direct", hwio, k, 1, upsample, ci, co, Activation.Relu, ConvAlgorithm.Direct);
        var fast = new ConvLayer("fast", hwio, k, 1, upsample, ci, co, Activation.Relu, algorithm);
        var x = new FeatureMap(h, w, ci, RandomData.Uniform(8, h * w * ci));
        var expected = direct.Run(x, gamma, beta, threads: 1);
        var actual = fast.Run(x, gamma, beta, threads: 2);
        Assert.Equal((expected.Height, expected.Width), (actual.Height, actual.Width));
        Assert.True(RandomData.MaxAbsDifference(expected.Span, actual.Span) < 1e-4f);
    }

    [Theory]
    [InlineData(ConvAlgorithm.Direct, 2, 1)]
    [InlineData(ConvAlgorithm.Direct, 1, 2)]
    [InlineData(ConvAlgorithm.Winograd, 1, 2)]
    public void A_norm_left_to_the_next_layer_gives_the_same_bits(ConvAlgorithm nextAlgorithm, int nextStride, int threads)
    {
        // The first layer's norm applied in place, or by the next layer to each row as it reads: the same arithmetic on
        // the same values. A consumer that cannot read through it applies it in place first.
        const int h = 23, w = 18, ci = 3, mid = 8, co = 8;
        var first = new ConvLayer("first", RandomData.HeWeights(21, 9, ci, mid), 9, 1, 1, ci, mid, Activation.Relu, ConvAlgorithm.Direct);
        var next = new ConvLayer("next", RandomData.HeWeights(22, 3, mid, co), 3, nextStride, 1, mid, co, Activation.Relu, nextAlgorithm);
        float[] gamma = RandomData.Uniform(23, mid, 0.5f, 1.5f), beta = RandomData.Uniform(24, mid, -0.5f, 0.5f);
        float[] gamma2 = RandomData.Uniform(25, co, 0.5f, 1.5f), beta2 = RandomData.Uniform(26, co);
        var x = new FeatureMap(h, w, ci, RandomData.Uniform(27, h * w * ci));

        var applied = next.Run(first.Run(x, gamma, beta, threads), gamma2, beta2, threads);

        var run = new RunContext(x, threads);
        var raw = first.RunDeferringNorm(x, null, gamma, beta, run, out var norm);
        var deferred = next.Run(raw, norm, gamma2, beta2, run);

        Assert.Equal(applied.Span.ToArray(), deferred.Span.ToArray());
    }

    [Fact]
    public void An_algorithm_that_does_not_fit_the_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ConvLayer("contract/conv1", new float[5 * 5 * 3 * 8], 5, 1, 1, 3, 8, Activation.Relu, ConvAlgorithm.Winograd));
        Assert.Contains("contract/conv1", error.Message);
        Assert.Throws<ArgumentException>(() =>
            new ConvLayer("contract/conv2", new float[3 * 3 * 8 * 8], 3, 2, 1, 8, 8, Activation.Relu, ConvAlgorithm.Winograd));
    }
}
