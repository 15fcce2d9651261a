using Cin.Import.Features;
using Cin.Import.ResNet;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>What the importer finds in the package's ResNet18.onnx and ResNetPreprocess.onnx.</summary>
public sealed class ResNetGraphTests
{
    [Fact]
    public void Trunk_is_the_stem_and_2_2_2_basic_blocks_with_the_lopsided_pads()
    {
        FeatureFolder folder = ResNetPackage.GetOrSkip().Folder(WeightStorage.Float32);
        string[] expected =
        [
            "conv stem kernel=7 stride=2 pad=3,3,2,2 in=3 out=64 bias=yes act=relu",
            "tap relu1",
            "maxpool pool kernel=3 stride=2 pad=1,1,0,0",
            "block layer1/block1 kernel=3 stride=1 pad=1,1,1,1 in=64 out=64 shortcut=identity",
            "block layer1/block2 kernel=3 stride=1 pad=1,1,1,1 in=64 out=64 shortcut=identity",
            "tap layer1",
            "block layer2/block1 kernel=3 stride=2 pad=1,1,0,0 in=64 out=128 shortcut=projection",
            "block layer2/block2 kernel=3 stride=1 pad=1,1,1,1 in=128 out=128 shortcut=identity",
            "tap layer2",
            "block layer3/block1 kernel=3 stride=2 pad=1,1,0,0 in=128 out=256 shortcut=projection",
            "block layer3/block2 kernel=3 stride=1 pad=1,1,1,1 in=256 out=256 shortcut=identity",
            "tap layer3",
        ];
        Assert.Equal(expected, folder.StatementLines);
        Assert.Equal("resnet18-trunk", folder.Name);
    }

    [Fact]
    public void Holds_2_780_544_values_kernels_and_biases()
    {
        FeatureNetwork network = ResNetPackage.GetOrSkip().Imported;
        // 15 convs: the stem, 2 in each of the 6 blocks and the 2 projections; each adds K*K*in*out + out.
        Assert.Equal(15, network.Convs.Count());
        Assert.Equal(2_780_544, network.ValueCount);
    }

    [Fact]
    public void Taps_are_the_relus_that_end_the_stem_and_each_stage()
    {
        ResNetPackage package = ResNetPackage.GetOrSkip();
        var graph = package.Graph;
        foreach (TapStatement tap in package.Imported.Taps)
            Assert.Equal("Relu", graph.Producer(tap.SourceValue)?.OpType);
        Assert.Equal(["relu1", "layer1", "layer2", "layer3"], package.Imported.Taps.Select(t => t.Name));
        // layer3's output feeds layer4 (a 3x3 and a 1x1 stride-2 conv), which is not imported.
        string layer3 = package.Imported.Taps.Last().SourceValue;
        Assert.Equal(2, graph.Consumers(layer3).Count(n => n.OpType == "Conv"));
    }

    [Fact]
    public void Input_is_bgr_0_to_255_minus_the_mean_images_channel_averages()
    {
        FeatureInput input = ResNetPackage.GetOrSkip().Imported.Input;
        Assert.Equal("bgr255", input.Keyword);
        // The figures measured independently in the loss-network note (B, G, R).
        Assert.Equal(103.06, input.Mean[0], 0.01);
        Assert.Equal(115.90, input.Mean[1], 0.01);
        Assert.Equal(123.15, input.Mean[2], 0.01);
    }

    [Fact]
    public void Stem_bias_is_the_folded_batchnorm_shift()
    {
        // Independent of the importer's fold: read the stem's BatchNorm off the graph and fold channel 0 by hand.
        ResNetPackage package = ResNetPackage.GetOrSkip();
        var graph = package.Graph;
        var bn = graph.Nodes.First(n => n.OpType == "BatchNormalization");
        float[][] p = [.. bn.Inputs.Skip(1).Select(i => graph.Initializers[i].ToFloats())];
        double k = p[0][0] / Math.Sqrt(p[3][0] + 1e-5);
        FeatureConv stem = package.Imported.Convs.First();
        Assert.Equal((float)(-p[2][0] * k + p[1][0]), stem.Bias[0]);
        // HWIO: kernel (0,0), input channel 0, output channel 0 is OIHW's first value times k.
        float w0 = graph.Initializers[graph.Nodes[0].Inputs[1]].ToFloats()[0];
        Assert.Equal((float)(w0 * k), stem.Weights[0]);
    }
}
