using Cin.Generators.Emit;
using Cin.Generators.Model;
using Cin.Generators.Parsing;

namespace Cin.Generators.Tests;

/// <summary>
/// The rules the generator shares with the engine (src/Cin.Engine/Kernels/ConvAlgorithmRules.cs), the decisions they
/// leave in each <see cref="LayerSpec"/>, and the emitter printing those decisions as they are.
/// </summary>
public sealed class ConvAlgorithmRulesTests
{
    [Theory]
    // kernel, stride, upsample, in, out: the algorithm
    [InlineData(9, 1, 1, 3, 4, ConvAlgorithm.NarrowOutput)] // at the narrow limit
    [InlineData(9, 1, 1, 32, 3, ConvAlgorithm.NarrowOutput)] // the last layer to RGB
    [InlineData(3, 1, 1, 8, 1, ConvAlgorithm.NarrowOutput)]
    [InlineData(1, 1, 1, 8, 3, ConvAlgorithm.Direct)] // a 1x1 kernel has nothing to slide
    [InlineData(9, 1, 2, 8, 3, ConvAlgorithm.Direct)] // upsampled: not narrow, not sub-pixel (only 3x3)
    [InlineData(3, 2, 1, 8, 3, ConvAlgorithm.Direct)] // strided
    [InlineData(3, 1, 2, 8, 3, ConvAlgorithm.SubPixel)]
    [InlineData(3, 1, 2, 128, 64, ConvAlgorithm.SubPixel)]
    [InlineData(3, 2, 2, 8, 8, ConvAlgorithm.Direct)]
    [InlineData(3, 1, 1, 8, 8, ConvAlgorithm.Winograd)] // at the Winograd minimum
    [InlineData(3, 1, 1, 7, 8, ConvAlgorithm.Direct)] // one input channel short of it
    [InlineData(3, 1, 1, 8, 7, ConvAlgorithm.Direct)] // one output channel short
    [InlineData(3, 1, 1, 8, 5, ConvAlgorithm.Direct)] // just past the narrow limit
    [InlineData(9, 1, 1, 3, 8, ConvAlgorithm.Winograd)] // the first layer: few inputs are fine for 9x9
    [InlineData(9, 1, 1, 3, 7, ConvAlgorithm.Direct)]
    [InlineData(9, 2, 1, 3, 32, ConvAlgorithm.Direct)]
    [InlineData(5, 1, 1, 32, 32, ConvAlgorithm.Direct)] // Winograd is for 3x3 and 9x9 only
    public void EachShapeGetsItsAlgorithm(int kernel, int stride, int upsample, int inChannels, int outChannels, ConvAlgorithm expected) =>
        Assert.Equal(expected, ConvAlgorithmRules.Choose(kernel, stride, upsample, inChannels, outChannels));

    [Theory]
    // kernel, stride, pad (top, left, bottom, right), in, out: a feature network conv's algorithm
    [InlineData(3, 1, "1,1,1,1", 64, 64, ConvAlgorithm.Winograd)] // ResNet-18's stride-1 layers
    [InlineData(3, 1, "1,1,1,1", 8, 8, ConvAlgorithm.Winograd)] // at the Winograd minimum
    [InlineData(3, 1, "1,1,1,1", 5, 5, ConvAlgorithm.Direct)] // too few channels (the tiny trunk)
    [InlineData(3, 1, "1,1,1,1", 64, 7, ConvAlgorithm.Direct)]
    [InlineData(3, 2, "1,1,0,0", 64, 128, ConvAlgorithm.Direct)] // a stride-2 block's conv1
    [InlineData(3, 1, "0,2,2,0", 64, 64, ConvAlgorithm.Direct)] // lopsided: the kernel pads 1 all round only
    [InlineData(3, 1, "0,0,0,0", 64, 64, ConvAlgorithm.Direct)]
    [InlineData(7, 2, "3,3,2,2", 3, 64, ConvAlgorithm.Direct)] // the stem
    [InlineData(1, 2, "0,0,0,0", 64, 128, ConvAlgorithm.Direct)] // a projection
    public void EachFeatureShapeGetsItsAlgorithm(int kernel, int stride, string pad, int inChannels, int outChannels, ConvAlgorithm expected)
    {
        int[] p = pad.Split(',').Select(int.Parse).ToArray();
        Assert.Equal(expected, ConvAlgorithmRules.ChooseForFeatures(kernel, stride, p[0], p[1], p[2], p[3], inChannels, outChannels));
    }

    [Theory]
    [InlineData(ConvAlgorithm.Direct, 1, false, true)]
    [InlineData(ConvAlgorithm.Direct, 2, false, false)] // the upsampling copy would have to normalize
    [InlineData(ConvAlgorithm.Direct, 1, true, false)] // a residual block's input is its skip
    [InlineData(ConvAlgorithm.Winograd, 1, false, false)]
    [InlineData(ConvAlgorithm.SubPixel, 2, false, false)]
    [InlineData(ConvAlgorithm.NarrowOutput, 1, false, false)]
    public void OnlyADirectConvolutionOutsideResidualBlocksReadsThroughANorm(ConvAlgorithm algorithm, int upsample, bool inResidualBlock, bool expected) =>
        Assert.Equal(expected, ConvAlgorithmRules.ReadsThroughNorm(algorithm, upsample, inResidualBlock));

    [Fact]
    public void NormPlacementFollowsTheBlockAndTheNextLayer()
    {
        Assert.Equal(NormPlacement.WithSkip, ConvAlgorithmRules.PlaceNorm(endsResidualBlock: true, nextReadsThroughNorm: true));
        Assert.Equal(NormPlacement.WithSkip, ConvAlgorithmRules.PlaceNorm(endsResidualBlock: true, nextReadsThroughNorm: false));
        Assert.Equal(NormPlacement.NextLayer, ConvAlgorithmRules.PlaceNorm(endsResidualBlock: false, nextReadsThroughNorm: true));
        Assert.Equal(NormPlacement.InPlace, ConvAlgorithmRules.PlaceNorm(endsResidualBlock: false, nextReadsThroughNorm: false));
    }

    /// <summary>The paper topology (32/64/128 channels): Winograd wherever it pays, and the norms the strided layers read.</summary>
    [Fact]
    public void PaperSpecRecordsEachLayersDecisions()
    {
        var layers = Layers(ModelFiles.Test("paper"));
        Assert.Equal(
        [
            "contract/conv1 Winograd NextLayer", // 9x9, 3 -> 32 as nine 3x3 blocks; conv2 reads through its norm
            "contract/conv2 Direct reads NextLayer", // the stride-2 contractions
            "contract/conv3 Direct reads InPlace", // the next layer starts a residual block
            .. Enumerable.Range(1, 5).SelectMany(i => new[]
            {
                $"residual/residual{i}/conv1 Winograd InPlace",
                $"residual/residual{i}/conv2 Winograd WithSkip",
            }),
            "expand/conv1 SubPixel InPlace",
            "expand/conv2 SubPixel InPlace",
            "expand/conv3 NarrowOutput InPlace", // 9x9 to RGB
        ], layers.Select(Decisions));
    }

    /// <summary>
    /// The tiny test model is too narrow for Winograd (5, 6, 7 channels), so its direct first layer leaves its norm
    /// to the next one too, and its residual blocks are direct.
    /// </summary>
    [Fact]
    public void TinySpecRecordsEachLayersDecisions()
    {
        var layers = Layers(ModelFiles.Test("tiny"));
        Assert.Equal(
        [
            "contract/conv1 Direct NextLayer",
            "contract/conv2 Direct reads NextLayer",
            "contract/conv3 Direct reads InPlace",
            "residual/residual1/conv1 Direct InPlace", "residual/residual1/conv2 Direct WithSkip",
            "residual/residual2/conv1 Direct InPlace", "residual/residual2/conv2 Direct WithSkip",
            "expand/conv1 SubPixel InPlace",
            "expand/conv2 SubPixel InPlace",
            "expand/conv3 NarrowOutput InPlace",
        ], layers.Select(Decisions));
    }

    /// <summary>The built-in Magenta model: its 9x9 first layer is Winograd, and the direct contraction reads its norm.</summary>
    [Fact]
    public void MagentaSpecRecordsEachLayersDecisions()
    {
        var layers = Layers(ModelFiles.FromDisk(Path.Combine(Paths.RepoRoot, "styles", "magenta")));
        Assert.Equal("contract/conv1 Winograd NextLayer", Decisions(layers[0]));
        Assert.Equal("contract/conv2 Direct reads NextLayer", Decisions(layers[1]));
        Assert.Equal("contract/conv3 Direct reads InPlace", Decisions(layers[2]));
        Assert.All(layers.Where(l => l.Name.StartsWith("residual/", StringComparison.Ordinal)), l => Assert.Equal(ConvAlgorithm.Winograd, l.Algorithm));
        Assert.Equal(["SubPixel", "SubPixel", "NarrowOutput"], layers.TakeLast(3).Select(l => l.Algorithm.ToString()));
    }

    /// <summary>Every layer's recorded decisions are the rules' own: what the engine is given is what the rules allow.</summary>
    [Theory]
    [InlineData("tiny")]
    [InlineData("paper")]
    public void RecordedDecisionsAreTheRules(string model)
    {
        var spec = Spec(ModelFiles.Test(model));
        var layers = spec.Blocks.SelectMany(b => b.Layers.Select(l => (Layer: l, Block: b))).ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            var (layer, block) = layers[i];
            Assert.Equal(ConvAlgorithmRules.Choose(layer.Kernel, layer.Stride, layer.Upsample, layer.InChannels, layer.OutChannels), layer.Algorithm);
            if (layer.ReadsInputNorm)
            {
                Assert.True(ConvAlgorithmRules.ReadsThroughNorm(layer.Algorithm, layer.Upsample, block.IsResidual));
                Assert.Equal(NormPlacement.NextLayer, layers[i - 1].Layer.Norm);
            }
            if (layer.Norm == NormPlacement.NextLayer) Assert.True(layers[i + 1].Layer.ReadsInputNorm);
        }
    }

    /// <summary>
    /// The emitter prints the spec's decisions and takes none of its own: a spec edited by hand (here to choices the
    /// rules would not make) comes out as written.
    /// </summary>
    [Fact]
    public void TheEmitterPrintsTheSpecsDecisions()
    {
        var spec = Spec(ModelFiles.Test("tiny"));
        string original = NetworkEmitter.Emit(spec, GeneratorHarness.Namespace);
        Assert.Contains("_contractConv3 = new ConvLayer(", original);
        Assert.Contains("x = _contractConv2.Forward(x, norm, style, run, out norm);", original);
        Assert.Contains("x = _contractConv3.Forward(x, norm, style, run);", original);

        var edited = Edit(spec, "contract/conv3", l => l with { Algorithm = ConvAlgorithm.Winograd, ReadsInputNorm = false });
        edited = Edit(edited, "contract/conv2", l => l with { Norm = NormPlacement.InPlace });
        string printed = NetworkEmitter.Emit(edited, GeneratorHarness.Namespace);

        string conv3 = printed.Split('\n').SkipWhile(line => !line.Contains("_contractConv3 = new ConvLayer(")).Take(3).Aggregate((a, b) => a + b);
        Assert.Contains("ConvAlgorithm.Winograd", conv3);
        Assert.Contains("x = _contractConv2.Forward(x, norm, style, run);", printed);
        Assert.Contains("x = _contractConv3.Forward(x, style, run);", printed);
    }

    /// <summary>
    /// Forward has one line per layer, or per residual block, naming the layers' fields; the style's rows are the
    /// layers' own business, so no gamma or beta index appears, and there is no shapes class to look them up in.
    /// </summary>
    [Fact]
    public void ForwardHasOneLinePerLayerOrResidualBlock()
    {
        var spec = Spec(ModelFiles.Test("paper"));
        string code = NetworkEmitter.Emit(spec, GeneratorHarness.Namespace);
        var forward = code[code.IndexOf("protected override FeatureMap Forward(", StringComparison.Ordinal)..].Split('\n')
            .Skip(2).TakeWhile(line => line.Trim() != "}").Select(line => line.Trim()).ToList();

        Assert.Equal("return x;", forward[^1]);
        string[] expected =
        [
            "x = _contractConv1.Forward(x, style, run, out DeferredNorm norm);",
            "x = _contractConv2.Forward(x, norm, style, run, out norm);",
            "x = _contractConv3.Forward(x, norm, style, run);",
            .. Enumerable.Range(1, 5).Select(i => $"x = Residual(x, _residual{i}Conv1, _residual{i}Conv2, style, run);"),
            "x = _expandConv1.Forward(x, style, run);",
            "x = _expandConv2.Forward(x, style, run);",
            "x = _expandConv3.Forward(x, style, run);",
        ];
        Assert.Equal(expected, forward[..^1].Select(line => line[..(line.IndexOf(';') + 1)]));
        Assert.DoesNotContain("Gamma(", code);
        Assert.DoesNotContain("Shapes", code);
    }

    [Theory]
    [InlineData("residual/residual1/conv1", "Residual1Conv1", "_residual1Conv1")]
    [InlineData("contract/conv1", "ContractConv1", "_contractConv1")]
    [InlineData("expand/conv/conv", "ExpandConv", "_expandConv")]
    [InlineData("res/residual1", "ResResidual1", "_resResidual1")] // not a repeat, only a prefix
    [InlineData("block2/block2/conv", "Block2Conv", "_block2Conv")]
    [InlineData("1/12", "Model12", "_model12")]
    public void LayerIdentifiersDropRepeatedWords(string name, string identifier, string field)
    {
        Assert.Equal(identifier, Naming.Layer(name));
        Assert.Equal(field, Naming.LayerField(name));
    }

    private static ModelSpec Spec(ModelFiles files)
    {
        var result = ModelParser.Parse(files.ToFolder());
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<ModelSpec>(result.Spec);
    }

    private static List<LayerSpec> Layers(ModelFiles files) => Spec(files).Blocks.SelectMany(b => b.Layers).ToList();

    private static string Decisions(LayerSpec layer) =>
        $"{layer.Name} {layer.Algorithm}{(layer.ReadsInputNorm ? " reads" : "")} {layer.Norm}";

    private static ModelSpec Edit(ModelSpec spec, string layerName, Func<LayerSpec, LayerSpec> edit) => spec with
    {
        Blocks = spec.Blocks
            .Select(b => b with { Layers = b.Layers.Select(l => l.Name == layerName ? edit(l) : l).ToEquatableArray() })
            .ToEquatableArray(),
    };
}
