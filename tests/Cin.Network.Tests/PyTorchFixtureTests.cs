using System.Buffers.Binary;
using Cin.Engine;
using Cin.Engine.Network;

namespace Cin.Network.Tests;

/// <summary>
/// The C# engine against the trainer's own PyTorch forward (issue 7): tests/Models/fixture is a small random-weight
/// model written by <c>training/cin_train/make_fixture.py</c> through the same exporter that writes the trained
/// models, with <c>input.bin</c> (NHWC 1x36x20x3) and <c>expected.bin</c> (PyTorch's output for style 1 alone, then
/// the blend 0.25/0.75, computed in float64 from the exported float32 weights). The generator compiles the folder into
/// <see cref="FixtureNetwork"/> and embeds its weights.bin. <c>training/tests/test_fixture.py</c> checks that
/// regenerating the fixture reproduces these files byte for byte, so the expectations cannot drift silently.
/// </summary>
public class PyTorchFixtureTests(ITestOutputHelper output)
{
    /// <summary>The bound from issue 7: max abs difference on the (0,1) output.</summary>
    private const float Tolerance = 1e-4f;

    private const int Height = 36, Width = 20;

    private static readonly Lazy<FixtureNetwork> Network = new(FixtureNetwork.LoadEmbedded);

    private static string FixtureFile(string name) => Path.Combine(RepoPaths.TestModel("fixture"), name);

    private static float[] ReadFloats(string name)
    {
        byte[] bytes = File.ReadAllBytes(FixtureFile(name));
        Assert.Equal(0, bytes.Length % 4);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }

    // (case, style weights, index of the output in expected.bin), as make_fixture writes them.
    public static TheoryData<string, int> Cases() => new()
    {
        { "fixture-b", 1 },
        { "fixture-b", 2 },
        { "fixture-a=0.25,fixture-b=0.75", 1 },
        { "fixture-a=0.25,fixture-b=0.75", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_matches_the_pytorch_forward(string style, int threads)
    {
        var network = Network.Value;
        Assert.Equal("fixture", network.Info.Name);
        Assert.Equal(2, network.Info.Styles.Count);
        Assert.Equal(1, network.Info.Find("fixture-b")!.Index);

        float[] weights = style == "fixture-b" ? [0f, 1f] : [0.25f, 0.75f];
        int which = style == "fixture-b" ? 0 : 1;

        float[] input = ReadFloats("input.bin");
        float[] expected = ReadFloats("expected.bin");
        int size = Height * Width * 3;
        Assert.Equal(size, input.Length);
        Assert.Equal(2 * size, expected.Length);
        var reference = expected.AsSpan(which * size, size);

        // 36x20 is a multiple of the network's stride, so the engine runs the exact map PyTorch saw, with no framing.
        var result = network.Run(new FeatureMap(Height, Width, 3, input), network.Style(weights), threads);
        Assert.Equal((Height, Width, 3), (result.Height, result.Width, result.Channels));

        float max = 0;
        int worst = 0;
        ReadOnlySpan<float> actual = result.Span;
        for (int i = 0; i < size; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"engine output {actual[i]} at {i} is not finite");
            float d = MathF.Abs(actual[i] - reference[i]);
            if (d > max) (max, worst) = (d, i);
        }
        output.WriteLine($"{style}, {threads} thread(s): max abs diff {max:E2} vs PyTorch (float64 reference)");
        Assert.True(max <= Tolerance,
            $"{style}: max abs diff {max:E3} > {Tolerance:E0} at pixel ({worst / 3 % Width}, {worst / 3 / Width}) " +
            $"channel {worst % 3}: engine {actual[worst]}, PyTorch {reference[worst]}");
    }

    [Fact]
    public void The_two_expected_outputs_differ_so_the_style_weights_matter()
    {
        float[] expected = ReadFloats("expected.bin");
        int size = Height * Width * 3;
        float max = 0;
        for (int i = 0; i < size; i++) max = MathF.Max(max, MathF.Abs(expected[i] - expected[size + i]));
        Assert.True(max > 1e-2f, $"style 1 and the blend differ by only {max:E2}; a wrong gamma/beta row could pass.");
    }
}
