using Cin.Engine.Kernels.Backward;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Backward;

public class ResidualAddGradientTests
{
    /// <summary>y = x + f(x): the input's gradient is the output's plus what came back through f, value by value.</summary>
    [Fact]
    public void The_skip_gradient_is_the_sum_of_both_paths()
    {
        float[] dy = RandomData.Uniform(41, 7 * 5 * 3), through = RandomData.Uniform(42, 7 * 5 * 3);
        var result = new FeatureMap(7, 5, 3, (float[])dy.Clone());
        ResidualAddGradient.Apply(result, new FeatureMap(7, 5, 3, through));
        for (int i = 0; i < dy.Length; i++) Assert.Equal(dy[i] + through[i], result.Span[i]);
    }
}
