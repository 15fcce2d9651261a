using Cin.Engine.Kernels.Backward;
using Cin.Engine.Tests.Reference;
using static Cin.Engine.Tests.Backward.BackwardReference;

namespace Cin.Engine.Tests.Backward;

public class UpsampleGradientTests
{
    [Theory]
    [InlineData(7, 5, 3, 2)]
    [InlineData(9, 11, 8, 2)]
    [InlineData(3, 5, 5, 3)]
    public void The_fast_gradient_matches_its_twin_and_finite_differences(int h, int w, int c, int factor)
    {
        float[] dy = RandomData.Uniform(11, h * factor * w * factor * c);
        var expected = UpsampleGradientTwin(ToDouble(dy), h, w, c, factor);
        var actual = UpsampleGradient.Apply(new FeatureMap(h * factor, w * factor, c, dy), factor,
            new FeatureMap(h, w, c, RandomData.Uniform(12, h * w * c, 50, 60)), threads: 2);
        Assert.True(RelativeError(expected, actual.Span) < 1e-6);

        double[] r = ToDouble(dy), x = ToDouble(RandomData.Uniform(13, h * w * c));
        var numeric = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            numeric[i] = CentralDifference(x, i, v => Dot(r, Upsample(v, h, w, c, factor)));
        Assert.True(RelativeError(numeric, expected) < 1e-8);
    }
}
