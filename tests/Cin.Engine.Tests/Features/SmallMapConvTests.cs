using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Features;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Features;

/// <summary>The small-map convolution (columns, then one product) against the padded convolution's plain twin.</summary>
public sealed class SmallMapConvTests
{
    [Theory]
    [InlineData(8, 8, 16, 32, 3, true, true)]  // a 128 px crop's layer3, scaled down
    [InlineData(3, 5, 5, 7, 3, false, false)]  // channels not a whole vector
    [InlineData(1, 1, 4, 8, 3, true, false)]   // one pixel: every neighbour is padding
    [InlineData(6, 4, 3, 16, 5, false, true)]  // a 5x5 kernel padded 2
    public void Matches_the_plain_twin(int h, int w, int ci, int co, int k, bool relu, bool withResidual)
    {
        float[] x = RandomData.Uniform(h * 5 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, k, ci, co);
        float[] bias = RandomData.Uniform(co, co, -0.5f, 0.5f);
        float[]? skip = withResidual ? RandomData.Uniform(7, h * w * co) : null;
        int p = k / 2;
        float[] expected = FeatureReferenceKernels.PaddedConv(x, h, w, ci, hwio, bias, k, 1, [p, p, p, p], relu, skip, out _, out _);
        var output = SmallMapConv.Apply(new FeatureMap(h, w, ci, x), SmallMapConv.Pack(hwio, k, ci, co), k, bias,
            relu ? Activation.Relu : Activation.None, FeatureMap.Uninitialized(h, w, co), skip == null ? null : new FeatureMap(h, w, co, skip), threads: 2);
        Assert.True(RandomData.MaxAbsDifference(expected, output.Span) < 1e-5f, $"max abs difference {RandomData.MaxAbsDifference(expected, output.Span)}");
    }
}
