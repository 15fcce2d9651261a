using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Features;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Features;

/// <summary>The zero-padded convolution of feature networks against its plain twin, on every SIMD strategy.</summary>
public sealed class PaddedConvTests
{
    public static TheoryData<string, int, int, int, int, int, int, string, bool> Cases()
    {
        var data = new TheoryData<string, int, int, int, int, int, int, string, bool>();
        foreach (string strategy in SimdStrategy.All)
        {
            // strategy, h, w, in, out, kernel, stride, pad (top,left,bottom,right), residual
            data.Add(strategy, 13, 11, 3, 16, 7, 2, "3,3,2,2", false); // the ResNet stem's lopsided pads
            data.Add(strategy, 9, 10, 16, 32, 3, 2, "1,1,0,0", false); // a stride-2 block's conv1, odd and even sides
            data.Add(strategy, 8, 7, 5, 5, 3, 1, "1,1,1,1", true);     // conv2 with its shortcut, channels not a whole vector
            data.Add(strategy, 10, 9, 6, 7, 1, 2, "0,0,0,0", false);   // a projection
            data.Add(strategy, 6, 11, 8, 24, 3, 1, "0,2,2,0", true);   // lopsided the other way
            data.Add(strategy, 5, 5, 4, 3, 5, 3, "4,0,1,3", false);    // pads up to kernel-1, stride 3
            data.Add(strategy, 23, 29, 16, 147, 1, 1, "0,0,0,0", true); // pointwise over all pixels: a column product, staged to whole vectors
            data.Add(strategy, 3, 5, 8, 32, 1, 1, "0,0,0,0", false);   // pointwise, fewer pixels than one thread's share
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_plain_twin(string strategy, int h, int w, int ci, int co, int k, int stride, string padText, bool withResidual)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        float[] x = RandomData.Uniform(h * 31 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * 7 + co, k, ci, co);
        float[] bias = RandomData.Uniform(co, co, -0.5f, 0.5f);
        int ho = FeatureReferenceKernels.OutputSize(h, pad[0], pad[2], k, stride), wo = FeatureReferenceKernels.OutputSize(w, pad[1], pad[3], k, stride);
        float[]? skip = withResidual ? RandomData.Uniform(3, ho * wo * co) : null;
        foreach (bool relu in new[] { false, true })
        {
            float[] expected = FeatureReferenceKernels.PaddedConv(x, h, w, ci, hwio, bias, k, stride, pad, relu, skip, out _, out _);
            var output = new FeatureMap(ho, wo, co);
            var conv = new Convolution(new FeatureMap(h, w, ci, x), ConvWeights.FromHwio(hwio, k, ci, co), bias, stride,
                new ZeroPadding(pad[0], pad[1], pad[2], pad[3]), relu ? Activation.Relu : Activation.None, output,
                skip == null ? null : new FeatureMap(ho, wo, co, skip));
            SimdStrategy.Run(strategy, ref conv);
            float difference = RandomData.MaxAbsDifference(expected, output.Span);
            Assert.True(difference < 1e-5f, $"relu={relu}: max abs difference {difference}");
        }
    }

    [Fact]
    public void Leaves_its_input_and_the_memory_past_the_output_untouched()
    {
        const int h = 7, w = 6, ci = 3, co = 5;
        float[] x = RandomData.Uniform(1, h * w * ci);
        float[] copy = (float[])x.Clone();
        var buffer = Enumerable.Repeat(float.NaN, 4 * 3 * co + 16).ToArray();
        PaddedConv.Apply(new FeatureMap(h, w, ci, x), ConvWeights.FromHwio(RandomData.HeWeights(2, 3, ci, co), 3, ci, co), new float[co], 2,
            new ZeroPadding(1, 1, 0, 0), Activation.Relu, new FeatureMap(3, 3, co, buffer), threads: 2);
        Assert.Equal(copy, x);
        Assert.All(buffer.AsSpan(0, 3 * 3 * co).ToArray(), v => Assert.False(float.IsNaN(v)));
        Assert.All(buffer.AsSpan(3 * 3 * co).ToArray(), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Rejects_a_map_smaller_than_the_kernel_and_a_wrong_output()
    {
        var weights = ConvWeights.FromHwio(new float[7 * 7 * 3 * 4], 7, 3, 4);
        var small = Assert.Throws<ArgumentException>(() =>
            PaddedConv.Apply(new FeatureMap(2, 9, 3), weights, new float[4], 2, new ZeroPadding(1, 1, 1, 1), Activation.None, new FeatureMap(1, 1, 4)));
        Assert.Contains("smaller than the 7x7 kernel", small.Message);
        var wrong = Assert.Throws<ArgumentException>(() =>
            PaddedConv.Apply(new FeatureMap(9, 9, 3), weights, new float[4], 2, new ZeroPadding(3, 3, 2, 2), Activation.None, new FeatureMap(3, 3, 4)));
        Assert.Contains("must be 4x4x4", wrong.Message);
    }

    private readonly struct Convolution(FeatureMap input, ConvWeights weights, float[] bias, int stride, ZeroPadding pad, Activation activation,
        FeatureMap output, FeatureMap? residual) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> =>
            PaddedConv.Apply<T>(input, weights, bias, stride, pad, activation, output, residual, threads: 2);
    }
}
