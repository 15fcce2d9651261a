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

    /// <summary>
    /// Shapes on both sides of each of <see cref="ConvAlgorithmRules"/>' limits: kernel, stride, upsampling, channels
    /// in and out.
    /// </summary>
    public static TheoryData<int, int, int, int, int> Shapes()
    {
        var shapes = new TheoryData<int, int, int, int, int>();
        foreach (int k in new[] { 1, 3, 9 })
        foreach (int stride in new[] { 1, 2 })
        foreach (int upsample in new[] { 1, 2 })
        foreach (int ci in new[] { 3, 8 })
        foreach (int co in new[] { 1, 4, 5, 8 })
            shapes.Add(k, stride, upsample, ci, co);
        return shapes;
    }

    /// <summary>
    /// The engine runs whatever algorithm it is given without checking it against the shape, so every choice the
    /// shared rules make (the generator records them) must be one the kernels compute correctly.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_algorithm_the_rules_choose_gives_the_direct_layer_s_output(int k, int stride, int upsample, int ci, int co)
    {
        var algorithm = ConvAlgorithmRules.Choose(k, stride, upsample, ci, co);
        float[] hwio = RandomData.HeWeights(31, k, ci, co);
        float[] gamma = RandomData.Uniform(32, co, 0.5f, 1.5f), beta = RandomData.Uniform(33, co);
        var direct = new ConvLayer("direct", hwio, k, stride, upsample, ci, co, Activation.Relu, ConvAlgorithm.Direct);
        var chosen = new ConvLayer("chosen", hwio, k, stride, upsample, ci, co, Activation.Relu, algorithm);
        var x = new FeatureMap(14, 11, ci, RandomData.Uniform(34, 14 * 11 * ci));
        var expected = direct.Run(x, gamma, beta, threads: 1);
        var actual = chosen.Run(x, gamma, beta, threads: 2);
        Assert.Equal((expected.Height, expected.Width), (actual.Height, actual.Width));
        Assert.True(RandomData.MaxAbsDifference(expected.Span, actual.Span) < 1e-4f, $"{algorithm} differs from Direct.");
    }

    /// <summary>The shapes whose layer, outside a residual block, the rules let read its input through a norm.</summary>
    public static TheoryData<int, int, int, int, int> ShapesReadingThroughANorm()
    {
        var shapes = new TheoryData<int, int, int, int, int>();
        foreach (var row in Shapes())
        {
            var (k, stride, upsample, ci, co) = row.Data;
            if (ConvAlgorithmRules.ReadsThroughNorm(ConvAlgorithmRules.Choose(k, stride, upsample, ci, co), upsample, inResidualBlock: false))
                shapes.Add(k, stride, upsample, ci, co);
        }
        return shapes;
    }

    /// <summary>
    /// The first layer's norm applied in place, or by the next layer to each row as it reads: the same arithmetic on
    /// the same values, for every next layer the rules let read through a norm. The steps release what they consumed.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShapesReadingThroughANorm))]
    public void A_norm_left_to_the_next_layer_gives_the_same_bits(int k, int stride, int upsample, int mid, int co)
    {
        var nextAlgorithm = ConvAlgorithmRules.Choose(k, stride, upsample, mid, co);
        const int h = 23, w = 18, ci = 3, threads = 2;
        var first = new ConvLayer("first", RandomData.HeWeights(21, 9, ci, mid), 9, 1, 1, ci, mid, Activation.Relu,
            ConvAlgorithmRules.Choose(9, 1, 1, ci, mid), normIndex: 0);
        var next = new ConvLayer("next", RandomData.HeWeights(22, k, mid, co), k, stride, upsample, mid, co, Activation.Relu,
            nextAlgorithm, normIndex: 1);
        float[] gamma = RandomData.Uniform(23, mid, 0.5f, 1.5f), beta = RandomData.Uniform(24, mid, -0.5f, 0.5f);
        float[] gamma2 = RandomData.Uniform(25, co, 0.5f, 1.5f), beta2 = RandomData.Uniform(26, co);
        var style = new StyleParameters([gamma, gamma2], [beta, beta2]);
        var x = new FeatureMap(h, w, ci, RandomData.Uniform(27, h * w * ci));

        var applied = next.Run(first.Run(x, gamma, beta, threads), gamma2, beta2, threads);

        var run = new RunContext(x, threads);
        var raw = first.Forward(x, style, run, out var norm);
        var deferred = next.Forward(raw, norm, style, run);

        Assert.Equal(applied.Span.ToArray(), deferred.Span.ToArray());
        // raw is dead after the next layer and went back to the run; the run's input is never reused.
        Assert.Same(raw.Data, run.Rent(raw.Height, raw.Width, raw.Channels).Data);
    }
}
