using System.Text;
using Cin.Import.Magenta;
using Cin.Import.Model;
using Cin.Import.Output;

namespace Cin.Import.Tests;

/// <summary>Topology discovery and dequantization on a small graph shaped like Magenta's.</summary>
public sealed class SyntheticModelTests
{
    private static ImportedModel Import(SyntheticMagenta graph) => MagentaImporter.Import(graph.Build());

    [Fact]
    public void Discovers_the_layers_strides_upsampling_and_activations_from_the_graph()
    {
        ImportedModel model = Import(new SyntheticMagenta());
        string modelTxt = Encoding.UTF8.GetString(ModelFiles.Build(model).Single(f => f.Name == "model.txt").Bytes);

        Assert.EndsWith(SyntheticMagenta.ExpectedTopology, modelTxt);
        Assert.Equal(SyntheticMagenta.ExpectedWeightCount, model.WeightCount);
        Assert.Contains($"weights weights.bin float32 count={SyntheticMagenta.ExpectedWeightCount} sha256=", modelTxt);
    }

    [Fact]
    public void Dequantizes_every_weight_as_min_plus_q_times_range_over_255_in_float32()
    {
        ImportedModel model = Import(new SyntheticMagenta());
        var convs = model.Convs.ToList();
        for (int l = 0; l < convs.Count; l++)
        {
            float min = SyntheticMagenta.Min(l), max = SyntheticMagenta.Max(l);
            float scale = (max - min) / 255f;
            for (int i = 0; i < convs[l].Weights.Length; i++)
                Assert.Equal(min + SyntheticMagenta.Quantized(l, i) * scale, convs[l].Weights[i]);
        }
    }

    [Fact]
    public void Keeps_gamma_and_beta_per_style_and_channel()
    {
        ImportedModel model = Import(new SyntheticMagenta());
        ConvLayer expand1 = model.Convs.Single(c => c.Name == "expand/conv1");
        Assert.Equal(26, expand1.StyleCount);
        Assert.Equal(SyntheticMagenta.Gamma(4, 19, 1), expand1.Gamma[19 * expand1.Out + 1]);
        Assert.Equal(SyntheticMagenta.Beta(4, 24, 0), expand1.Beta[24 * expand1.Out]);
    }

    [Fact]
    public void Writes_norm_rows_in_layer_then_style_then_gamma_beta_order()
    {
        ImportedModel model = Import(new SyntheticMagenta());
        string[] lines = Encoding.UTF8.GetString(NormTextWriter.Build(model)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(SyntheticMagenta.Layers.Length * 26 * 2, lines.Length);
        Assert.StartsWith("contract/conv1 0 gamma ", lines[0]);
        Assert.StartsWith("contract/conv1 0 beta ", lines[1]);
        Assert.StartsWith("contract/conv1 1 gamma ", lines[2]);
        Assert.StartsWith("contract/conv2 0 gamma ", lines[52]);
        Assert.StartsWith("expand/conv2 25 beta ", lines[^1]);
        Assert.Equal(3 + 3, lines[^1].Split(' ').Length);
    }

    [Fact]
    public void Rejects_padding_that_is_not_reflect()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { PadMode = "SYMMETRIC" }));
        Assert.Contains("SYMMETRIC, expected REFLECT", e.Message);
    }

    [Fact]
    public void Rejects_an_upsampling_factor_the_format_cannot_express()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { UpsampleFactor = 3 }));
        Assert.Contains("upsamples by 3", e.Message);
    }

    [Fact]
    public void Rejects_unequal_strides()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { ContractConv2Strides = [1, 2, 1, 1] }));
        Assert.Contains("strides [1, 2, 1, 1]", e.Message);
    }

    [Fact]
    public void Rejects_a_residual_block_whose_second_conv_has_an_activation()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { ResidualConv2Relu = true }));
        Assert.Contains("residual block 'residual/residual1' has activations relu, relu", e.Message);
    }

    [Fact]
    public void Rejects_a_gamma_table_of_the_wrong_width()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { GammaChannelsDelta = 1 }));
        Assert.Contains("'transformer/expand/conv1/conv/InstanceNorm/gamma' has shape [26, 3], expected [styles, 2]", e.Message);
    }

    [Fact]
    public void Rejects_a_missing_beta_table_by_name()
    {
        const string beta = "transformer/residual/residual1/conv2/InstanceNorm/beta";
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { Omit = [beta] }));
        Assert.Contains($"node '{beta}'", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Rejects_a_missing_residual_add()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { Omit = ["transformer/residual/residual1/add"] }));
        Assert.Contains("skip connection", e.Message);
    }

    [Fact]
    public void Rejects_an_epsilon_other_than_the_formats()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { Epsilon = 1e-3f }));
        Assert.Contains("epsilon is 1e-5", e.Message);
    }

    [Fact]
    public void Rejects_a_style_count_that_the_name_table_does_not_cover()
    {
        var e = Assert.Throws<ModelImportException>(() => Import(new SyntheticMagenta { Styles = 25 }));
        Assert.Contains("25 styles", e.Message);
        Assert.Contains("names 26", e.Message);
    }

    [Fact]
    public void Rejects_a_graph_with_a_layer_missing_from_the_numbering()
    {
        // Without contract/conv1's conv node the remaining contract layer is number 2 alone.
        var e = Assert.Throws<ModelImportException>(() =>
            Import(new SyntheticMagenta { Omit = ["transformer/contract/conv1/convolution_eightbit_quantized_conv"] }));
        Assert.Contains("contract layers are numbered 2", e.Message);
    }

    [Fact]
    public void Produces_the_same_bytes_on_every_run()
    {
        byte[] graph = new SyntheticMagenta().Build();
        var first = ModelFiles.Build(MagentaImporter.Import(graph));
        var second = ModelFiles.Build(MagentaImporter.Import(graph));
        Assert.Equal(first.Select(f => f.Name), second.Select(f => f.Name));
        for (int i = 0; i < first.Count; i++) Assert.Equal(first[i].Bytes, second[i].Bytes);
    }
}
