using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;
using Cin.Engine.Tests.Reference;
using static Cin.Engine.Tests.Backward.BackwardReference;

namespace Cin.Engine.Tests.Backward;

public class InstanceNormGradientTests
{
    public static TheoryData<Activation, int, int, int> Cases() => new()
    {
        { Activation.None, 7, 5, 3 },
        { Activation.Relu, 9, 11, 8 },
        { Activation.Sigmoid, 7, 5, 5 },
        { Activation.Relu, 5, 3, 32 },
        { Activation.Sigmoid, 9, 11, 3 },
        { Activation.Relu, 6, 7, 12 }, // a vector of channels and a scalar tail
        { Activation.None, 3, 4, 64 },
    };

    private static (float[] Z, float[] Gamma, float[] Beta, float[] DOut) Inputs(int h, int w, int c)
    {
        // A mean well away from zero next to the spread, as conv outputs have, so a formula that drops the mean shows.
        float[] z = RandomData.Uniform(31, h * w * c, 1, 3);
        return (z, RandomData.Uniform(32, c, 0.5f, 1.5f), RandomData.Uniform(33, c, -0.5f, 0.5f), RandomData.Uniform(34, h * w * c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fast_gradient_matches_its_twin(Activation activation, int h, int w, int c)
    {
        var (z, gamma, beta, dOut) = Inputs(h, w, c);
        var (dz, dGamma, dBeta) = NormGradient(ToDouble(z), c, ToDouble(gamma), ToDouble(beta), activation, ToDouble(dOut));
        var map = new FeatureMap(h, w, c, z);
        var stats = ChannelStatistics.Gather(map);
        var result = new FeatureMap(h, w, c, (float[])dOut.Clone());
        float[] gammaGradient = new float[c], betaGradient = Enumerable.Repeat(1f, c).ToArray();
        InstanceNormGradient.Apply(map, stats.Mean, stats.Variance, gamma, beta, activation, result, result,
            gammaGradient, betaGradient, threads: 2);
        for (int ch = 0; ch < c; ch++) betaGradient[ch] -= 1; // it adds to what is there
        // The kernel works from float statistics and float maps: relative errors of a few 1e-7 per value, and the
        // gradient with respect to z is a difference of terms about the size of the result.
        Assert.True(RelativeError(dz, result.Span) < 1e-5, $"dz: {RelativeError(dz, result.Span):E2}");
        Assert.True(RelativeError(dGamma, gammaGradient) < 1e-5, $"dgamma: {RelativeError(dGamma, gammaGradient):E2}");
        Assert.True(RelativeError(dBeta, betaGradient) < 1e-5, $"dbeta: {RelativeError(dBeta, betaGradient):E2}");
    }

    /// <summary>
    /// The twin against central differences of the norm twin, for every value of z, gamma and beta. The loss is
    /// smooth but for ReLU's kink, which a step of 1e-5 crosses only for a pre-activation within about 1e-5 of zero:
    /// not one of these seeded values.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_twin_matches_finite_differences(Activation activation, int h, int w, int c)
    {
        var (zf, gammaf, betaf, dOutf) = Inputs(h, w, c);
        double[] z = ToDouble(zf), gamma = ToDouble(gammaf), beta = ToDouble(betaf), r = ToDouble(dOutf);
        var (dz, dGamma, dBeta) = NormGradient(z, c, gamma, beta, activation, r);
        double Loss() => Dot(r, Norm(z, c, gamma, beta, activation));
        var numericZ = new double[z.Length];
        for (int i = 0; i < z.Length; i++) numericZ[i] = CentralDifference(z, i, _ => Loss());
        var numericGamma = new double[c];
        var numericBeta = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            numericGamma[ch] = CentralDifference(gamma, ch, _ => Loss());
            numericBeta[ch] = CentralDifference(beta, ch, _ => Loss());
        }
        Assert.True(RelativeError(numericZ, dz) < 1e-6, $"dz: {RelativeError(numericZ, dz):E2}");
        Assert.True(RelativeError(numericGamma, dGamma) < 1e-6, $"dgamma: {RelativeError(numericGamma, dGamma):E2}");
        Assert.True(RelativeError(numericBeta, dBeta) < 1e-6, $"dbeta: {RelativeError(numericBeta, dBeta):E2}");
    }
}
