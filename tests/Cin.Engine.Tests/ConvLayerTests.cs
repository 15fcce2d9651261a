using Cin.Engine.Kernels;
using Cin.Engine.Network;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class ConvLayerTests
{
    [Theory]
    [InlineData(ConvAlgorithm.Winograd, 1, 12, 9, 16, 8)]
    [InlineData(ConvAlgorithm.Winograd9x9, 1, 14, 19, 3, 32)]
    [InlineData(ConvAlgorithm.Winograd9x9, 1, 6, 5, 3, 8)]
    [InlineData(ConvAlgorithm.SubPixel, 2, 7, 5, 16, 4)]
    [InlineData(ConvAlgorithm.SubPixel, 2, 6, 6, 8, 3)]
    [InlineData(ConvAlgorithm.NarrowOutput, 1, 13, 71, 4, 3)]
    [InlineData(ConvAlgorithm.NarrowOutput, 1, 9, 5, 32, 4)]
    [InlineData(ConvAlgorithm.NarrowOutput, 1, 40, 3, 1, 1)]
    public void Fast_algorithms_give_the_direct_layer_s_output(ConvAlgorithm algorithm, int upsample, int h, int w, int ci, int co)
    {
        int k = algorithm is ConvAlgorithm.NarrowOutput or ConvAlgorithm.Winograd9x9 ? 9 : 3;
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

    [Fact]
    public void An_algorithm_that_does_not_fit_the_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ConvLayer("contract/conv1", new float[9 * 9 * 3 * 8], 9, 1, 1, 3, 8, Activation.Relu, ConvAlgorithm.Winograd));
        Assert.Contains("contract/conv1", error.Message);
        Assert.Throws<ArgumentException>(() =>
            new ConvLayer("residual/conv1", new float[3 * 3 * 8 * 8], 3, 1, 1, 8, 8, Activation.Relu, ConvAlgorithm.Winograd9x9));
    }
}
