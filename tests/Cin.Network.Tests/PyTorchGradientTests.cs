using System.Buffers.Binary;
using Cin.Engine;
using Cin.Engine.Network;

namespace Cin.Network.Tests;

/// <summary>
/// The generated Backward against PyTorch autograd (issue 14): <c>training/cin_train/make_fixture.py</c> writes, beside
/// the fixture model, R (<c>loss-weights.bin</c>) and the float64 gradient of <c>sum(R * output)</c> for style 1 alone
/// with respect to style 1's gamma and beta row (<c>style-gradient.bin</c>: per layer in norm.txt order, gamma then
/// beta). The fixture runs every layer kind: a Winograd 9x9 first layer, direct stride-2 layers, Winograd residual
/// blocks, sub-pixel upsampling layers and a narrow 9x9 last layer with a sigmoid.
/// </summary>
public class PyTorchGradientTests(ITestOutputHelper output)
{
    /// <summary>The bound from issue 14: 1e-4 relative.</summary>
    private const double Tolerance = 1e-4;

    private const int Height = 36, Width = 20;

    private static float[] ReadFloats(string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(RepoPaths.TestModel("fixture"), name));
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Backward_matches_pytorch_autograd(int threads)
    {
        var network = FixtureNetwork.LoadEmbedded();
        float[] input = ReadFloats("input.bin"), r = ReadFloats("loss-weights.bin"), expected = ReadFloats("style-gradient.bin");
        var style = network.Style(network.Info.Find("fixture-b")!.Index);
        var tape = network.RunForTraining(new FeatureMap(Height, Width, 3, input), style, threads);
        var gradient = network.Backward(tape, new FeatureMap(Height, Width, 3, r));

        var actual = new List<float>();
        for (int layer = 0; layer < network.NormLayerCount; layer++)
        {
            actual.AddRange(gradient.Gamma(layer).ToArray());
            actual.AddRange(gradient.Beta(layer).ToArray());
        }
        Assert.Equal(expected.Length, actual.Count);

        // Relative to the largest value: several betas have an exact gradient of zero (a residual block's second beta
        // adds a per-channel constant that the next norm removes), which no float computation reproduces exactly.
        double scale = expected.Max(v => Math.Abs((double)v)), worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(actual[i] - (double)expected[i]);
            if (d > worst) (worst, at) = (d, i);
        }
        output.WriteLine($"{threads} thread(s): max abs diff {worst:E2} at {at}, largest gradient {scale:F3}, relative {worst / scale:E2}");
        Assert.True(scale > 1e-2, "the expected gradient is near zero: the comparison would prove nothing");
        Assert.True(worst / scale <= Tolerance,
            $"gradient value {at}: engine {actual[at]}, PyTorch {expected[at]}; relative error {worst / scale:E2} > {Tolerance:E0}");
    }
}
