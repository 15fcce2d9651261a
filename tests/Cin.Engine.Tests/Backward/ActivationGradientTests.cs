using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;
using Cin.Engine.Tests.Reference;
using static Cin.Engine.Tests.Backward.BackwardReference;

namespace Cin.Engine.Tests.Backward;

public class ActivationGradientTests
{
    /// <summary>Lengths that leave tails after 16-, 8- and 4-float vectors, so every rung of the ladder runs.</summary>
    [Theory]
    [InlineData(Activation.Relu, 37)]
    [InlineData(Activation.Sigmoid, 37)]
    [InlineData(Activation.Relu, 3)]
    [InlineData(Activation.Sigmoid, 64)]
    [InlineData(Activation.None, 21)]
    public void The_fast_gradient_matches_its_twin_and_finite_differences(Activation activation, int length)
    {
        float[] pre = RandomData.Uniform(21, length, -3, 3);
        pre[0] = 0; // ReLU's derivative at 0 is taken as 0, as PyTorch takes it
        float[] output = pre.Select(v => (float)Activate(v, activation)).ToArray();
        float[] gradient = RandomData.Uniform(22, length);
        float[] actual = (float[])gradient.Clone();
        ActivationGradient.Apply(output, actual, activation);
        for (int i = 0; i < length; i++)
        {
            double twin = gradient[i] * ActivationDerivative(output[i], activation);
            Assert.True(Math.Abs(twin - actual[i]) <= 1e-6 * Math.Max(1, Math.Abs(twin)), $"at {i}: {actual[i]} vs {twin}");
            if (pre[i] == 0 && activation == Activation.Relu) continue; // no derivative at the kink
            double numeric = gradient[i] * CentralDifference(new double[] { pre[i] }, 0, v => Activate(v[0], activation));
            Assert.True(Math.Abs(numeric - actual[i]) <= 1e-5, $"at {i}: {actual[i]} vs finite difference {numeric}");
        }
    }
}
