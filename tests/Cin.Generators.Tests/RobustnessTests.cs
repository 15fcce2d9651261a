using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Cin.Generators.Tests;

/// <summary>
/// Whatever a model folder says, the generator either reports a CIN diagnostic or emits code that compiles: it never
/// throws (which Roslyn turns into warning CS8785 and drops every model) and never emits code that fails to compile.
/// </summary>
public sealed class RobustnessTests
{
    /// <summary>
    /// A residual block's layers are named NAME/conv1 and NAME/conv2; a conv line may not take one of those names.
    /// </summary>
    [Fact]
    public void ConvNamedLikeAResidualLayerIsReported()
    {
        // residual/residual2 (882 weights) becomes a conv named residual/residual1/conv1 (441 weights).
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 12, "conv residual/residual1/conv1 kernel=3 stride=1 in=7 out=7 act=relu")
            .EditLine(ModelFiles.Topology, 7, line => line.Replace("count=5490", "count=5049"));
        var run = GeneratorHarness.Run(model);
        var diagnostic = AssertReported(run, "CIN0004", "residual/residual1/conv1");
        Assert.Contains("taken by residual 'residual/residual1'", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(11, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>The other way round: a residual whose NAME/conv1 is already a conv's name.</summary>
    [Fact]
    public void ResidualExpandingToAnExistingLayerNameIsReported()
    {
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 10, "conv contract/conv3/conv1 kernel=3 stride=2 in=6 out=7 act=relu")
            .ReplaceLine(ModelFiles.Topology, 11, "residual contract/conv3 kernel=3 channels=7");
        var diagnostic = AssertReported(GeneratorHarness.Run(model), "CIN0004", "'contract/conv3/conv1' is already a layer name");
        Assert.Equal(10, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>Two layer names that make the same C# identifier (contract/conv1, contract-conv1, contract/contract/conv1) are reported.</summary>
    [Theory]
    [InlineData("contract-conv1")]
    [InlineData("contract_conv1")]
    [InlineData("contractconv1")]
    [InlineData("contract/contract/conv1")] // the repeated word is dropped, as in residual/residual1/conv1
    public void LayerNamesThatMakeTheSameIdentifierAreReported(string name)
    {
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 9, $"conv {name} kernel=3 stride=2 in=5 out=6 act=relu")
            .With(ModelFiles.Norm, text => text.Replace("contract/conv2 ", name + " "));
        var run = GeneratorHarness.Run(model);
        if (name == "contractconv1")
        {
            // ContractConv1 and Contractconv1 differ in case: legal C#, and it compiles.
            run.AssertCompilesCleanly();
            return;
        }
        var diagnostic = AssertReported(run, "CIN0004", $"layer name '{name}' makes the C# identifier ContractConv1, as 'contract/conv1' does");
        Assert.Equal(8, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>Layer names hold only [a-z0-9/_-]: anything else could make an identifier C# rejects.</summary>
    [Theory]
    [InlineData("Contract/Conv2")]
    [InlineData("contract.conv2")]
    [InlineData("contract/conv\u00e92")]
    [InlineData("--")]
    public void LayerNameCharactersAreRestricted(string name)
    {
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 9, $"conv {name} kernel=3 stride=2 in=5 out=6 act=relu")
            .With(ModelFiles.Norm, text => text.Replace("contract/conv2 ", name + " "));
        AssertReported(GeneratorHarness.Run(model), "CIN0001", $"layer name '{name}' may hold only");
    }

    /// <summary>Model names that differ only in punctuation or case make the same class or hint name.</summary>
    [Theory]
    [InlineData("a-b", "ab", "make the classes AbNetwork and ABNetwork, which differ only in case")]
    [InlineData("a-1", "a1", "both make the class A1Network")]
    public void ModelNamesThatMakeTheSameClassAreReported(string first, string second, string fragment)
    {
        var run = GeneratorHarness.Run(
            ModelFiles.Test("tiny").ReplaceLine(ModelFiles.Topology, 2, "name " + first),
            ModelFiles.Test("tiny", asFolder: "other").ReplaceLine(ModelFiles.Topology, 2, "name " + second)).AssertDidNotThrow();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CIN0008", diagnostic.Id);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains(fragment, message);
        Assert.Contains($"'{first}' (folder 'tiny')", message);
        Assert.Contains($"'{second}' (folder 'other')", message);
        // At the name line of the second folder in path order: /models/other sorts before /models/tiny.
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(ModelFiles.PathOf("tiny", ModelFiles.Topology), span.Path);
        Assert.Equal(1, span.StartLinePosition.Line);
        Assert.Empty(run.Sources);
    }

    /// <summary>A clash between two models does not stop a third from compiling, nor the registry from listing it.</summary>
    [Fact]
    public void ClashingModelsDoNotStopTheOthers()
    {
        var run = GeneratorHarness.Run(
            ModelFiles.Test("tiny"), ModelFiles.Test("tiny", asFolder: "tiny-copy"), ModelFiles.Test("paper")).AssertDidNotThrow();
        Assert.Equal("CIN0008", Assert.Single(run.Diagnostics).Id);
        Assert.Equal(
            ["BuiltInModels.g.cs", "PaperNetwork.Styles.g.cs", "PaperNetwork.Tables.g.cs", "PaperNetwork.g.cs"],
            run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Tiny", run.Sources["BuiltInModels.g.cs"]);
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("-tiny")]
    [InlineData("tiny-")]
    [InlineData("ti--ny")]
    [InlineData("tiny_model")]
    public void ModelNameMustBeKebabCase(string name)
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny").ReplaceLine(ModelFiles.Topology, 2, "name " + name));
        var diagnostic = AssertReported(run, "CIN0001", "kebab-case");
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>
    /// Free text may hold characters C# treats as line breaks (U+0085, U+2028, U+2029); they must be escaped in string
    /// literals and kept out of comments.
    /// </summary>
    [Theory]
    [InlineData('\u0085')]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\r')]
    [InlineData('\u0001')]
    public void UnicodeLineBreaksInFreeTextAreEscaped(char lineBreak)
    {
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 3, $"title Two{lineBreak}lines")
            .EditLine(ModelFiles.Styles, 2, line => line.Replace("Random style 0", $"Two{lineBreak}lines"));
        var run = GeneratorHarness.Run(model).AssertCompilesCleanly();
        Assert.Contains("/// <summary>Two lines (model 'tiny'", run.Sources["TinyNetwork.g.cs"]);
        string escaped = $"\"Two\\u{(int)lineBreak:x4}lines\"".Replace("\\u000d", "\\r");
        Assert.Contains(escaped, run.Sources["TinyNetwork.Styles.g.cs"]);
    }

    /// <summary>An unpaired surrogate cannot be written out as UTF-8; it is escaped, and the value survives.</summary>
    [Fact]
    public void UnpairedSurrogatesAreEscaped()
    {
        var model = ModelFiles.Test("tiny").ReplaceLine(ModelFiles.Topology, 5, "source a\ud800b \U0001F600");
        var run = GeneratorHarness.Run(model).AssertCompilesCleanly();
        Assert.Contains("Source: \"a\\ud800b \U0001F600\",", run.Sources["TinyNetwork.Styles.g.cs"]);
    }

    /// <summary>Huge layers overflow int arithmetic; they must be reported, not crash the generator.</summary>
    [Fact]
    public void HugeChannelCountsAreReported()
    {
        // 3*3*6*39e6 and 1*1*39e6*3 each fit in an int; their sum does not.
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 14, "conv expand/conv2 upsample=2 kernel=3 stride=1 in=6 out=39000000 act=relu")
            .ReplaceLine(ModelFiles.Topology, 15, "conv expand/conv3 kernel=1 stride=1 in=39000000 out=3 act=sigmoid");
        var diagnostic = AssertReported(GeneratorHarness.Run(model), "CIN0004", "this layer needs 2106000000 weights, more than the 268435456");
        Assert.Equal(13, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>Products past even long: every factor near int.MaxValue.</summary>
    [Fact]
    public void LayerPastLongRangeIsReported()
    {
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 8, "conv contract/conv1 kernel=2147483647 stride=1 in=3 out=2147483647 act=relu");
        AssertReported(GeneratorHarness.Run(model), "CIN0004", "more than the 268435456");
    }

    /// <summary>Layers that fit one by one, but not together.</summary>
    [Fact]
    public void ModelPastTheWeightLimitIsReported()
    {
        // 1x1 convs of 3 -> 2^25 -> 6 channels: 3 * 2^25 and 6 * 2^25 weights, each under the limit (2^28), not together.
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 8, "conv contract/conv1 kernel=1 stride=1 in=3 out=33554432 act=relu")
            .ReplaceLine(ModelFiles.Topology, 9, "conv contract/conv2 kernel=1 stride=2 in=33554432 out=6 act=relu");
        var diagnostic = AssertReported(GeneratorHarness.Run(model), "CIN0004", "the layers up to this one need 301989888 weights");
        Assert.Equal(8, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>Strides that multiply past any image size would overflow the size arithmetic.</summary>
    [Fact]
    public void HugeStridesAreReported()
    {
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 9, "conv contract/conv2 kernel=3 stride=65536 in=5 out=6 act=relu");
        var diagnostic = AssertReported(GeneratorHarness.Run(model), "CIN0004", "the strides up to this one multiply to 131072");
        Assert.Equal(9, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>Many styles of a wide layer make gamma/beta tables too large to emit, though the weights fit.</summary>
    [Fact]
    public void HugeTablesAreReported()
    {
        // expand/conv2 becomes 1x1 6 -> 2e7 and expand/conv3 1x1 2e7 -> 3: 4005 + 9 * 2e7 weights, under 2^28. With
        // 14 styles, each table holds 14 x (55 + 2e7) channels, over 2^28.
        const int wide = 20_000_000;
        var styles = "index\tname\taliases\ttitle\tartist\tyear\tsource\n"
            + string.Concat(Enumerable.Range(0, 14).Select(i => $"{i}\trandom-{i}\t\tRandom style {i}\t-\t-\t-\n"));
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 6, "styles 14")
            .EditLine(ModelFiles.Topology, 7, line => line.Replace("count=5490", $"count={4005 + 9 * wide}"))
            .ReplaceLine(ModelFiles.Topology, 14, $"conv expand/conv2 upsample=2 kernel=1 stride=1 in=6 out={wide} act=relu")
            .ReplaceLine(ModelFiles.Topology, 15, $"conv expand/conv3 kernel=1 stride=1 in={wide} out=3 act=sigmoid")
            .With(ModelFiles.Styles, styles);
        var diagnostic = AssertReported(GeneratorHarness.Run(model), "CIN0004",
            "14 styles of 20000055 channels make 280000770 gamma (and as many beta) values, more than the 268435456");
        Assert.Equal(5, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>
    /// Two folders with the same name in different places (say styles/tiny and tests/Models/tiny) would both embed
    /// cin-models/tiny/weights.bin; the generator must not merge their files.
    /// </summary>
    [Fact]
    public void FoldersWithTheSameNameInDifferentPlacesAreReported()
    {
        var texts = ModelFiles.Test("tiny").AdditionalTexts()
            .Concat(ModelFiles.Test("paper").Files.Select(f => (AdditionalText)new InMemoryAdditionalText("/elsewhere/tiny/" + f.Key, f.Value)));
        var run = GeneratorRun.Start(GeneratorHarness.CreateDriver(texts), GeneratorHarness.CreateCompilation()).AssertDidNotThrow();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CIN0010", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("'/elsewhere/tiny' and '/models/tiny' have the same name 'tiny'", message);
        Assert.Contains("cin-models/tiny/weights.bin", message);
        // At the later folder in path order: /models/tiny.
        Assert.Equal(ModelFiles.PathOf("tiny", ModelFiles.Topology), diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
    }

    /// <summary>Folders are keyed by their whole path, however MSBuild spells the separators.</summary>
    [Fact]
    public void BackslashAndSlashPathsOfOneFolderAreOneFolder()
    {
        var tiny = ModelFiles.Test("tiny");
        var texts = tiny.Files.Select(f => (AdditionalText)new InMemoryAdditionalText(
            f.Key == ModelFiles.Norm ? "C:\\models\\tiny\\" + f.Key : "C:\\models/tiny/" + f.Key, f.Value));
        var run = GeneratorRun.Start(GeneratorHarness.CreateDriver(texts), GeneratorHarness.CreateCompilation()).AssertCompilesCleanly();
        Assert.Contains("public const string WeightsResourceName = \"cin-models/tiny/weights.bin\";", run.Sources["TinyNetwork.g.cs"]);
    }

    /// <summary>
    /// Cin.Models.targets embeds weights.bin as cin-models/%(Filename)/weights.bin, and %(Filename) of a folder
    /// "my.model" is "my"; the generator's LoadEmbedded would look for cin-models/my.model/weights.bin.
    /// </summary>
    [Theory]
    [InlineData("my.model")]
    [InlineData("Tiny")]
    [InlineData("my model")]
    public void FolderNameThatIsNotKebabCaseIsReported(string folder)
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny", asFolder: folder)).AssertDidNotThrow();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CIN0003", diagnostic.Id);
        Assert.Contains($"model folder '{folder}'", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("must be kebab-case", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    private static Diagnostic AssertReported(GeneratorRun run, string id, string fragment)
    {
        run.AssertDidNotThrow();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(fragment, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(run.Sources.Keys, k => k.EndsWith("Network.g.cs", StringComparison.Ordinal));
        return diagnostic;
    }
}
