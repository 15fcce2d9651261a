using Cin.Import.Magenta;
using Cin.Import.Model;
using Cin.Import.TensorFlow;

namespace Cin.Import.Tests;

/// <summary>The real stylize_quantized.pb from the shared data; skipped where that is not present.</summary>
public sealed class RealModelTests
{
    private static (GraphDef Graph, ImportedModel Model) Load()
    {
        byte[] bytes = RepoPaths.ReadSharedMagentaGraphOrSkip();
        return (GraphDefReader.Read(bytes), MagentaImporter.Import(bytes));
    }

    [Fact]
    public void Discovers_magentas_topology()
    {
        var (_, model) = Load();
        string[] expected =
        [
            "contract/conv1 k9 s1 3->32 relu up1",
            "contract/conv2 k3 s2 32->32 relu up1",
            "contract/conv3 k3 s2 32->32 relu up1",
            .. Enumerable.Range(1, 6).SelectMany(n => new[]
            {
                $"residual/residual{n}/conv1 k3 s1 32->32 relu up1",
                $"residual/residual{n}/conv2 k3 s1 32->32 none up1",
            }),
            "expand/conv1 k3 s1 32->8 relu up2",
            "expand/conv2 k3 s1 8->4 relu up2",
            "expand/conv3 k9 s1 4->3 sigmoid up1",
        ];
        Assert.Equal(expected, model.Convs.Select(c =>
            $"{c.Name} k{c.Kernel} s{c.Stride} {c.In}->{c.Out} {c.Activation.ToModelText()} up{c.Upsample}"));
        Assert.Equal(6, model.Blocks.OfType<ResidualBlock>().Count());
    }

    [Fact]
    public void Has_26_styles_and_140364_weights()
    {
        var (_, model) = Load();
        Assert.Equal(26, model.Styles.Count);
        Assert.All(model.Convs, c => Assert.Equal(26, c.StyleCount));
        Assert.Equal(140_364, model.WeightCount);
        Assert.Equal("starry-night", model.Styles[19].Name);
        Assert.Equal("great-wave", model.Styles[24].Name);
    }

    [Fact]
    public void Dequantized_weights_span_exactly_the_stored_range()
    {
        var (graph, model) = Load();
        foreach (ConvLayer conv in model.Convs)
        {
            string scope = "transformer/" + conv.Name + (conv.Name.StartsWith("expand/", StringComparison.Ordinal) ? "/conv" : "");
            float min = graph.Require($"{scope}/weights_min", "test").ConstValue().ToFloats("min")[0];
            float max = graph.Require($"{scope}/weights_max", "test").ConstValue().ToFloats("max")[0];
            // q = 0 is min exactly; q = 255 lands within float32 rounding of max.
            Assert.Equal(min, conv.Weights.Min());
            Assert.Equal(max, conv.Weights.Max(), 1e-6f);
            Assert.All(conv.Weights, w => Assert.InRange(w, min, max + 1e-6f));
        }
    }

    [Fact]
    public void Known_values_come_through_unchanged()
    {
        var (graph, model) = Load();
        ConvLayer first = model.Convs.First();
        // Values read off the graph with an independent decoder when the importer was written.
        Assert.Equal(-0.6950313448905945f, first.Weights.Min());
        Assert.Equal(0.3541359f, first.Gamma[0]);
        Assert.Equal(-0.289491f, first.Beta[0]);

        float[] gamma = graph.Require("transformer/expand/conv3/conv/InstanceNorm/gamma", "test").ConstValue().ToFloats("gamma");
        ConvLayer last = model.Convs.Last();
        Assert.Equal(gamma, last.Gamma);
    }

    [Fact]
    public void Gamma_and_beta_are_plausible_norm_parameters()
    {
        var (_, model) = Load();
        foreach (ConvLayer conv in model.Convs)
        {
            Assert.All(conv.Gamma, g => Assert.InRange(g, -5f, 5f));
            Assert.All(conv.Beta, b => Assert.InRange(b, -5f, 5f));
            Assert.InRange(conv.Gamma.Average(), 0.3, 2.0);
        }
    }
}
