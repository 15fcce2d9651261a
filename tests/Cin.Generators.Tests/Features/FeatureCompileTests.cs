using Cin.Generators.Model.Features;
using Cin.Generators.Parsing.Features;

namespace Cin.Generators.Tests.Features;

/// <summary>Feature networks compile against the real engine, beside style networks, and stay out of the registry.</summary>
public sealed class FeatureCompileTests
{
    [Fact]
    public void TinyTrunkCompilesWithoutErrorsOrWarnings()
    {
        var run = GeneratorHarness.Run(ModelFiles.Feature("tiny-trunk")).AssertCompilesCleanly();
        Assert.NotNull(run.Output.GetTypeByMetadataName($"{GeneratorHarness.Namespace}.TinyTrunkFeatures"));
        Assert.NotNull(run.Output.GetTypeByMetadataName($"{GeneratorHarness.Namespace}.TinyTrunkFeatures+Taps"));
    }

    /// <summary>The committed loss network compiles, and its generated lines stay within 140 characters.</summary>
    [Theory]
    [InlineData("tests/FeatureModels/tiny-trunk")]
    [InlineData("features/resnet18")]
    public void GeneratedLinesAreAtMost140Characters(string folder)
    {
        var run = GeneratorHarness.Run(ModelFiles.FromDisk(Path.Combine(Paths.RepoRoot, folder))).AssertCompilesCleanly();
        string text = Assert.Single(run.Sources).Value;
        var tooLong = text.Split('\n').Select((line, i) => (line, i)).Where(l => l.line.Length > 140).Select(l => $"line {l.i + 1}: {l.line.Length}");
        Assert.Empty(tooLong);
    }

    /// <summary>A style network and a feature network in one project: the registry (the style catalogue) lists only the style network.</summary>
    [Fact]
    public void RegistryListsOnlyStyleNetworks()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny"), ModelFiles.Feature("tiny-trunk")).AssertCompilesCleanly();
        Assert.Equal(
            ["BuiltInModels.g.cs", "TinyNetwork.Styles.g.cs", "TinyNetwork.Tables.g.cs", "TinyNetwork.g.cs", "TinyTrunkFeatures.g.cs"],
            run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("TinyTrunk", run.Sources["BuiltInModels.g.cs"]);
        Assert.DoesNotContain("tiny-trunk", run.Sources["BuiltInModels.g.cs"]);
    }

    /// <summary>A project of feature networks only gets no registry at all.</summary>
    [Fact]
    public void FeatureNetworksAloneMakeNoRegistry()
    {
        var run = GeneratorHarness.Run([ModelFiles.Feature("tiny-trunk")], defaultModel: "magenta").AssertCompilesCleanly();
        Assert.DoesNotContain("BuiltInModels.g.cs", run.Sources.Keys);
    }

    /// <summary>The parser's decisions, as data: offsets of each conv's kernel and bias, the expanded block, and the size rule.</summary>
    [Fact]
    public void SpecRecordsOffsetsBlocksAndSizes()
    {
        var spec = FeatureParser.Parse(ModelFiles.Feature("tiny-trunk").ToFolder()).Spec;
        Assert.NotNull(spec);
        Assert.Equal(1531, spec.WeightCount);
        Assert.Equal([103.5f, 116.25f, 123.75f], spec.InputMean);
        var stem = Assert.IsType<ConvStepSpec>(spec.Steps[0]).Conv;
        Assert.Equal((0, 375, new PadSpec(2, 2, 1, 1)), (stem.WeightOffset, stem.BiasOffset, stem.Pad));
        var block = Assert.IsType<BlockStepSpec>(spec.Steps[5]);
        Assert.Equal("stage2/block1/conv1", block.Conv1.Name);
        Assert.Equal((840, 1110), (block.Conv1.WeightOffset, block.Conv1.BiasOffset));
        Assert.Equal((1116, 1440, new PadSpec(1, 1, 1, 1), 1), (block.Conv2.WeightOffset, block.Conv2.BiasOffset, block.Conv2.Pad, block.Conv2.Stride));
        Assert.NotNull(block.Projection);
        Assert.Equal((1446, 1476, 1, 2), (block.Projection.WeightOffset, block.Projection.BiasOffset, block.Projection.Kernel, block.Projection.Stride));
        Assert.Equal(["relu1", "stage1", "stage2"], spec.Steps.OfType<TapStepSpec>().Select(t => t.Name));
        Assert.Equal([(5, 2), (5, 4), (7, 8)], spec.Steps.OfType<TapStepSpec>().Select(t => (t.Channels, t.Scale)));

        // Strides 2, 2, 2: sizes by their remainder mod 8. The stride-2 block needs an even input (the pool's output).
        Assert.Equal(8, spec.Heights.Modulus);
        Assert.Equal(spec.Heights, spec.Widths);
        for (int n = spec.Heights.Minimum; n < spec.Heights.Minimum + 16; n++)
        {
            int stem2 = (n + 3 - 5) / 2 + 1, pool = (stem2 + 1 - 3) / 2 + 1;
            bool expected = pool % 2 == 0;
            Assert.True(expected == spec.Heights.Accepted.Any(r => n % 8 >= r.First && n % 8 <= r.Last), $"size {n}");
        }
    }
}
