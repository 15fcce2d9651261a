using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class SmallKernelTests
{
    [Theory]
    [InlineData(5, 7, 3, 4)]
    [InlineData(2, 3, 32, 1)]
    [InlineData(9, 9, 5, 4)]
    [InlineData(4, 17, 1, 3)]
    public void Reflect_pad_matches_the_reference(int h, int w, int c, int pad)
    {
        float[] x = RandomData.Uniform(h + w + c, h * w * c);
        float[] expected = ReferenceKernels.ReflectPad(x, h, w, c, pad);
        var padded = ReflectPad.Apply(new FeatureMap(h, w, c, x), pad, new FeatureMap(h + 2 * pad, w + 2 * pad, c));
        Assert.Equal(expected, padded.Span.ToArray());
    }

    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(-1, 5, 1)]
    [InlineData(5, 5, 3)]
    [InlineData(-4, 2, 0)]
    [InlineData(7, 3, 1)]
    [InlineData(-9, 1, 0)]
    public void Reflect_index_folds_any_offset_inside(int i, int n, int expected) =>
        Assert.Equal(expected, ReflectIndex.Fold(i, n));

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(3, 5, 8)]
    [InlineData(4, 2, 4)]
    public void Nearest_upsample_matches_the_reference(int h, int w, int c)
    {
        float[] x = RandomData.Uniform(h * w, h * w * c);
        var up = Upsample.Nearest(new FeatureMap(h, w, c, x), 2, new FeatureMap(2 * h, 2 * w, c));
        Assert.Equal(ReferenceKernels.UpsampleNearest(x, h, w, c, 2), up.Span.ToArray());
    }
}
