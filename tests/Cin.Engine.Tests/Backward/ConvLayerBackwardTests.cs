using Cin.Engine.Kernels;
using Cin.Engine.Network;
using Cin.Engine.Tests.Reference;
using static Cin.Engine.Tests.Backward.BackwardReference;

namespace Cin.Engine.Tests.Backward;

/// <summary>
/// A whole layer (upsampling, reflect padding, convolution, norm, activation) through its training forward and its
/// backward pass, for each forward algorithm: the algorithm is a speed choice, so each must give the same gradient.
/// </summary>
public class ConvLayerBackwardTests
{
    public static TheoryData<ConvAlgorithm, int, int, int, int, int, int, int, Activation> Cases() => new()
    {
        // algorithm, kernel, stride, upsample, h, w, in, out, activation
        { ConvAlgorithm.Direct, 3, 1, 1, 7, 5, 5, 6, Activation.Relu },
        { ConvAlgorithm.Direct, 3, 2, 1, 9, 11, 5, 6, Activation.Relu },
        { ConvAlgorithm.Direct, 3, 2, 1, 7, 5, 8, 16, Activation.Sigmoid },
        { ConvAlgorithm.Direct, 3, 2, 1, 8, 6, 3, 8, Activation.Relu }, // even sides, a three-channel input: the column gather's scalar tail
        { ConvAlgorithm.Direct, 5, 2, 1, 11, 9, 4, 8, Activation.None },
        { ConvAlgorithm.Direct, 3, 2, 1, 9, 10, 16, 8, Activation.Relu }, // whole vectors of input channels: phase by phase
        { ConvAlgorithm.Direct, 3, 2, 1, 8, 7, 32, 5, Activation.None },
        { ConvAlgorithm.Direct, 5, 1, 2, 5, 3, 3, 5, Activation.None },
        { ConvAlgorithm.Winograd, 3, 1, 1, 7, 5, 8, 8, Activation.None },
        { ConvAlgorithm.Winograd, 9, 1, 1, 9, 11, 3, 8, Activation.Relu },
        { ConvAlgorithm.SubPixel, 3, 1, 2, 5, 3, 8, 4, Activation.Relu },
        { ConvAlgorithm.SubPixel, 3, 1, 2, 4, 5, 16, 8, Activation.Sigmoid },
        { ConvAlgorithm.NarrowOutput, 9, 1, 1, 9, 11, 8, 3, Activation.Sigmoid },
        { ConvAlgorithm.NarrowOutput, 9, 1, 1, 7, 5, 4, 3, Activation.Sigmoid },
    };

    /// <summary>
    /// The engine's gradients against the twins chained (norm, convolution, upsampling, in double), and the twins
    /// against central differences of the layer's double forward, <c>sum(R * layer(x))</c>, for every input value and
    /// every gamma and beta.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_layer_gradient_matches_the_twins_and_finite_differences(ConvAlgorithm algorithm, int k, int stride, int upsample,
        int h, int w, int ci, int co, Activation activation)
    {
        float[] hwio = RandomData.HeWeights(51, k, ci, co);
        float[] gamma = RandomData.Uniform(52, co, 0.5f, 1.5f), beta = RandomData.Uniform(53, co, -0.5f, 0.5f);
        float[] x = RandomData.Uniform(54, h * w * ci, 0, 1);
        var layer = new ConvLayer("layer", hwio, k, stride, upsample, ci, co, activation, algorithm);
        var style = new StyleParameters([gamma], [beta]);
        int hu = h * upsample, wu = w * upsample, ho = OutputSize(hu, k, stride), wo = OutputSize(wu, k, stride);
        double[] r = ToDouble(RandomData.Uniform(55, ho * wo * co));

        // The engine: training forward (its output is the inference pass's), then backward.
        var input = new FeatureMap(h, w, ci, x);
        var tape = new TrainingTape(input, style, threads: 2);
        var output = layer.ForwardForTraining(input, style, tape);
        var inference = layer.Run(input, gamma, beta, threads: 1);
        Assert.True(RandomData.MaxAbsDifference(inference.Span, output.Span) == 0, "the training forward's output differs from the inference pass's");
        var gradient = new StyleGradient(style);
        var dx = layer.Backward(new FeatureMap(ho, wo, co, r.Select(v => (float)v).ToArray()), tape, gradient);

        // The twins chained.
        double[] up = Upsample(ToDouble(x), h, w, ci, upsample);
        double[] z = Conv(up, hu, wu, ci, hwio, k, co, stride);
        var (dz, dGamma, dBeta) = NormGradient(z, co, ToDouble(gamma), ToDouble(beta), activation, r);
        double[] expected = UpsampleGradientTwin(ConvDataGradientTwin(dz, hu, wu, ci, hwio, k, co, stride), h, w, ci, upsample);
        // Float32 kernels against double twins, through a norm whose gradient subtracts terms of the result's size:
        // relative errors of about 1e-6 are expected; 1e-4 is the bound the network is held to against PyTorch.
        Assert.True(RelativeError(expected, dx.Span) < 1e-4, $"dx: {RelativeError(expected, dx.Span):E2}");
        Assert.True(RelativeError(dGamma, gradient.Gamma(0)) < 1e-4, $"dgamma: {RelativeError(dGamma, gradient.Gamma(0)):E2}");
        Assert.True(RelativeError(dBeta, gradient.Beta(0)) < 1e-4, $"dbeta: {RelativeError(dBeta, gradient.Beta(0)):E2}");

        // The twins against finite differences.
        double[] xd = ToDouble(x), gd = ToDouble(gamma), bd = ToDouble(beta);
        double Loss() => Dot(r, Norm(Conv(Upsample(xd, h, w, ci, upsample), hu, wu, ci, hwio, k, co, stride), co, gd, bd, activation));
        var numeric = new double[xd.Length];
        for (int i = 0; i < xd.Length; i++) numeric[i] = CentralDifference(xd, i, _ => Loss());
        Assert.True(RelativeError(numeric, expected) < 1e-6, $"dx twin: {RelativeError(numeric, expected):E2}");
        var numericGamma = new double[co];
        var numericBeta = new double[co];
        for (int ch = 0; ch < co; ch++)
        {
            numericGamma[ch] = CentralDifference(gd, ch, _ => Loss());
            numericBeta[ch] = CentralDifference(bd, ch, _ => Loss());
        }
        Assert.True(RelativeError(numericGamma, dGamma) < 1e-6);
        Assert.True(RelativeError(numericBeta, dBeta) < 1e-6);
    }

    [Fact]
    public void A_layer_built_from_a_span_refuses_a_backward_pass_with_a_reason()
    {
        float[] hwio = RandomData.HeWeights(61, 3, 4, 4);
        var layer = new ConvLayer("spanned", (ReadOnlySpan<float>)hwio, 3, 1, 1, 4, 4, Activation.Relu, ConvAlgorithm.Direct);
        Assert.False(layer.CanRunBackward);
        var style = new StyleParameters([new float[4]], [new float[4]]);
        var input = new FeatureMap(5, 5, 4, RandomData.Uniform(62, 100));
        var tape = new TrainingTape(input, style, 1);
        var output = layer.ForwardForTraining(input, style, tape);
        var error = Assert.Throws<InvalidOperationException>(() => layer.Backward(output, tape, new StyleGradient(style)));
        Assert.Contains("spanned", error.Message);
    }
}
