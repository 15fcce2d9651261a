using Cin.Engine.Features;
using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Features;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Features;

/// <summary>
/// The feature networks' 3x3 stride-1 convolution by Winograd F(4x4, 3x3) (zero padding 1 all round) against the plain twin, on
/// every SIMD strategy: sides that are and are not multiples of the 4x4 tile, maps smaller than a tile, channels that
/// are not a whole vector, maps so small that two threads split the output channels, with the residual and ReLU; and
/// a layer that runs it, forward and backward.
/// </summary>
public sealed class PaddedWinogradConvTests
{
    public static TheoryData<string, int, int, int, int, bool> Cases()
    {
        var data = new TheoryData<string, int, int, int, int, bool>();
        foreach (string strategy in SimdStrategy.All)
        {
            // strategy, h, w, in, out, residual
            data.Add(strategy, 8, 8, 8, 8, false);    // whole tiles
            data.Add(strategy, 8, 7, 12, 16, true);   // tiles hanging past both sides
            data.Add(strategy, 1, 2, 8, 12, true);    // smaller than one tile
            data.Add(strategy, 16, 16, 64, 64, true); // a layer of ResNet-18's layer1 at crop 64
            data.Add(strategy, 5, 13, 20, 9, false);  // outputs not a whole vector
            data.Add(strategy, 8, 8, 16, 32, true);   // too few tiles, so the threads split the channels
            data.Add(strategy, 9, 9, 8, 8, false);    // one pixel past whole tiles
            data.Add(strategy, 5, 4, 8, 64, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_plain_twin(string strategy, int h, int w, int ci, int co, bool withResidual)
    {
        int[] pad = [1, 1, 1, 1];
        float[] x = RandomData.Uniform(h * 17 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * 5 + co, 3, ci, co);
        float[] bias = RandomData.Uniform(co, co, -0.5f, 0.5f);
        float[]? skip = withResidual ? RandomData.Uniform(5, h * w * co) : null;
        var weights = Winograd4x4Weights.FromHwio(hwio, ci, co);
        foreach (bool relu in new[] { false, true })
        {
            float[] expected = FeatureReferenceKernels.PaddedConv(x, h, w, ci, hwio, bias, 3, 1, pad, relu, skip, out _, out _);
            var output = FeatureMap.Uninitialized(h, w, co);
            output.Span.Fill(float.NaN);
            var conv = new Convolution(new FeatureMap(h, w, ci, x), weights, bias, relu ? Activation.Relu : Activation.None, output,
                skip == null ? null : new FeatureMap(h, w, co, skip));
            SimdStrategy.Run(strategy, ref conv);
            float scale = expected.Max(Math.Abs);
            float difference = RandomData.MaxAbsDifference(expected, output.Span);
            Assert.True(difference < 2e-6f * Math.Max(1, scale) * Math.Sqrt(9 * ci), $"relu={relu}: max abs difference {difference} (largest output {scale})");
        }
    }

    [Fact]
    public void Without_a_bias_it_is_the_bare_convolution_and_takes_no_activation()
    {
        const int h = 7, w = 8, ci = 8, co = 8;
        float[] x = RandomData.Uniform(3, h * w * ci);
        float[] hwio = RandomData.HeWeights(4, 3, ci, co);
        float[] expected = FeatureReferenceKernels.PaddedConv(x, h, w, ci, hwio, new float[co], 3, 1, [1, 1, 1, 1], false, null, out _, out _);
        var output = PaddedWinogradConv.Apply(new FeatureMap(h, w, ci, x), Winograd4x4Weights.FromHwio(hwio, ci, co), null, Activation.None,
            FeatureMap.Uninitialized(h, w, co), threads: 2);
        Assert.True(RandomData.MaxAbsDifference(expected, output.Span) < 1e-5f);
        Assert.Throws<ArgumentException>(() => PaddedWinogradConv.Apply(new FeatureMap(h, w, ci, x), Winograd4x4Weights.FromHwio(hwio, ci, co),
            null, Activation.Relu, FeatureMap.Uninitialized(h, w, co)));
    }

    /// <summary>A Winograd layer against a direct one of the same weights: forward, and backward (the turned kernel by Winograd).</summary>
    [Theory]
    [InlineData(8, 7, 8, 8, true)]     // four 4x4 tiles: one direct product over columns (SmallMapConv)
    [InlineData(10, 11, 16, 24, false)] // nine tiles: Winograd
    [InlineData(2, 3, 12, 8, true)]     // one tile
    [InlineData(13, 14, 8, 16, true)]   // 16 tiles, neither side a whole number of tiles
    [InlineData(5, 9, 20, 12, false)]   // six tiles, channels not a whole vector
    public void A_winograd_layer_matches_a_direct_one_forward_and_backward(int h, int w, int ci, int co, bool relu)
    {
        float[] hwio = RandomData.HeWeights(ci + 3 * co, 3, ci, co);
        float[] bias = RandomData.Uniform(co + 1, co, -0.5f, 0.5f);
        var activation = relu ? Activation.Relu : Activation.None;
        var direct = new PaddedConvLayer("direct", hwio, bias, 3, 1, ZeroPadding.Uniform(1), ci, co, activation, ConvAlgorithm.Direct);
        var winograd = new PaddedConvLayer("winograd", hwio, bias, 3, 1, ZeroPadding.Uniform(1), ci, co, activation, ConvAlgorithm.Winograd);
        var input = new FeatureMap(h, w, ci, RandomData.Uniform(h + w, h * w * ci));
        var skip = new FeatureMap(h, w, co, RandomData.Uniform(2, h * w * co));

        var expected = direct.Forward(input, threads: 2, residual: skip);
        var actual = winograd.Forward(input, threads: 2, residual: skip);
        Assert.True(RandomData.MaxAbsDifference(expected.Span.ToArray(), actual.Span) < 1e-4f);

        float[] dy = RandomData.Uniform(9, h * w * co);
        var dxExpected = direct.Backward(input, expected, new FeatureMap(h, w, co, (float[])dy.Clone()), threads: 2);
        var dxActual = winograd.Backward(input, expected, new FeatureMap(h, w, co, (float[])dy.Clone()), threads: 2);
        float largest = dxExpected.Span.ToArray().Max(Math.Abs);
        Assert.True(largest > 0);
        Assert.True(RandomData.MaxAbsDifference(dxExpected.Span.ToArray(), dxActual.Span) < 1e-4f * Math.Max(1, largest));
    }

    [Fact]
    public void A_layer_refuses_winograd_for_a_shape_it_does_not_fit()
    {
        float[] hwio = new float[3 * 3 * 8 * 8];
        Assert.Throws<ArgumentException>(() =>
            new PaddedConvLayer("s2", hwio, new float[8], 3, 2, new ZeroPadding(1, 1, 0, 0), 8, 8, Activation.Relu, ConvAlgorithm.Winograd));
        Assert.Throws<ArgumentException>(() =>
            new PaddedConvLayer("lopsided", hwio, new float[8], 3, 1, new ZeroPadding(0, 2, 2, 0), 8, 8, Activation.Relu, ConvAlgorithm.Winograd));
    }

    private readonly struct Convolution(FeatureMap input, Winograd4x4Weights weights, float[] bias, Activation activation, FeatureMap output,
        FeatureMap? residual) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> =>
            PaddedWinogradConv.Apply<T>(input, weights, bias, activation, output, residual, threads: 2);
    }
}
