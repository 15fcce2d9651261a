using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Cin.Generators.Tests.Features;

/// <summary>
/// Each malformed cin-features statement, from a copy of tests/FeatureModels/tiny-trunk with one thing broken: the
/// id (the same ids as for style networks: CIN0001 syntax, CIN0002 format, CIN0003 folder, CIN0004 topology, CIN0005
/// weight count), a message that names the file and the problem, a location on the offending line, no exception,
/// and no code for that folder.
/// </summary>
public sealed class FeatureDiagnosticTests
{
    internal sealed record Broken(string Id, int Line, string[] Fragments, Func<ModelFiles, ModelFiles> Break)
    {
        public bool MessageNamesFile { get; init; } = true;
    }

    private const string Model = ModelFiles.Topology;

    // tests/FeatureModels/tiny-trunk/model.txt, by line: 1 format, 2 name, 3 title, 4 licence, 5 source, 6 input,
    // 7 weights, 8 conv stem, 9 tap relu1, 10 maxpool pool, 11 block stage1/block1, 12 tap stage1,
    // 13 block stage2/block1, 14 conv head, 15 tap stage2.
    private static readonly Dictionary<string, Broken> Cases = new()
    {
        // CIN0001: a malformed statement.
        ["unknown-statement"] = new("CIN0001", 4, ["unknown statement 'colour'"], m => m.ReplaceLine(Model, 4, "colour blue")),
        ["styles-statement"] = new("CIN0001", 4, ["a feature network has no styles"], m => m.ReplaceLine(Model, 4, "styles 2")),
        ["conv-lacks-act"] = new("CIN0001", 8, ["'conv' lacks act="],
            m => m.ReplaceLine(Model, 8, "conv stem kernel=5 stride=2 pad=2,2,1,1 in=3 out=5 bias=yes")),
        ["conv-bias-no"] = new("CIN0001", 8, ["bias=no is reserved"], m => m.EditLine(Model, 8, l => l.Replace("bias=yes", "bias=no"))),
        ["conv-act-sigmoid"] = new("CIN0001", 14, ["act=sigmoid is not one of relu, none"], m => m.EditLine(Model, 14, l => l.Replace("act=none", "act=sigmoid"))),
        ["conv-kernel-not-a-number"] = new("CIN0001", 8, ["kernel=five is not a whole number"], m => m.EditLine(Model, 8, l => l.Replace("kernel=5", "kernel=five"))),
        ["pad-three-values"] = new("CIN0001", 10, ["pad=1,1,0 must be four whole numbers"], m => m.EditLine(Model, 10, l => l.Replace("pad=1,1,0,0", "pad=1,1,0"))),
        ["maxpool-unknown-key"] = new("CIN0001", 10, ["unknown key 'in' for 'maxpool'", "allowed: kernel, stride, pad"],
            m => m.EditLine(Model, 10, l => l + " in=5")),
        ["block-bad-shortcut"] = new("CIN0001", 11, ["shortcut=none is not one of identity, projection"],
            m => m.EditLine(Model, 11, l => l.Replace("shortcut=identity", "shortcut=none"))),
        ["tap-with-a-key"] = new("CIN0001", 9, ["'tap' takes only a name"], m => m.ReplaceLine(Model, 9, "tap relu1 channels=5")),
        ["tap-without-a-name"] = new("CIN0001", 9, ["'tap' needs a name"], m => m.ReplaceLine(Model, 9, "tap")),
        ["layer-name-characters"] = new("CIN0001", 14, ["name 'Head' may hold only lower-case letters"], m => m.EditLine(Model, 14, l => l.Replace("head", "Head"))),
        ["key-given-twice"] = new("CIN0001", 10, ["'stride' is given twice"], m => m.EditLine(Model, 10, l => l + " stride=1")),
        ["input-encoding"] = new("CIN0001", 6, ["input encoding 'rgb01' is not supported"], m => m.EditLine(Model, 6, l => l.Replace("bgr255", "rgb01"))),
        ["input-two-means"] = new("CIN0001", 6, ["three finite numbers"], m => m.ReplaceLine(Model, 6, "input bgr255 mean=103.5,116.25")),
        ["input-nan-mean"] = new("CIN0001", 6, ["three finite numbers"], m => m.ReplaceLine(Model, 6, "input bgr255 mean=103.5,NaN,1")),
        ["weights-float64"] = new("CIN0001", 7, ["expected 'weights weights.bin float32|float16"], m => m.EditLine(Model, 7, l => l.Replace("float32", "float64"))),
        ["weights-bad-sha256"] = new("CIN0001", 7, ["sha256=<64 hex digits>"], m => m.EditLine(Model, 7, l => l.Replace(new string('0', 64), "abc"))),
        ["missing-name"] = new("CIN0001", 0, ["missing name"], m => m.ReplaceLine(Model, 2, "# no name")),
        ["missing-input"] = new("CIN0001", 0, ["missing input"], m => m.ReplaceLine(Model, 6, "# no input")),
        ["missing-tap"] = new("CIN0001", 0, ["missing a tap"],
            m => m.ReplaceLine(Model, 9, "#").ReplaceLine(Model, 12, "#").ReplaceLine(Model, 15, "#")),
        ["name-not-kebab"] = new("CIN0001", 2, ["feature network name 'Tiny_Trunk' must be kebab-case"], m => m.ReplaceLine(Model, 2, "name Tiny_Trunk")),

        // CIN0002: another version of the format.
        ["format-version-2"] = new("CIN0002", 1, ["'format cin-features 2' is not supported", "reads 'format cin-features 1'"],
            m => m.ReplaceLine(Model, 1, "format cin-features 2")),

        // CIN0003: the folder.
        ["folder-with-styles-tsv"] = new("CIN0003", 0, ["model folder 'tiny-trunk' is a feature network", "holds styles.tsv"],
            m => m.With(ModelFiles.Styles, "index\tname\taliases\ttitle\tartist\tyear\tsource\n")) { MessageNamesFile = false },
        ["folder-name-with-a-dot"] = new("CIN0003", 0, ["model folder 'tiny.trunk'", "must be kebab-case"],
            m => m.InFolder("tiny.trunk")) { MessageNamesFile = false },

        // CIN0004: statements that do not chain.
        ["channel-mismatch"] = new("CIN0004", 11, ["in=4 but the previous statement gives 5 channels"],
            m => m.ReplaceLine(Model, 11, "block stage1/block1 kernel=3 stride=1 pad=1,1,1,1 in=4 out=4 shortcut=identity")),
        ["first-conv-not-rgb"] = new("CIN0004", 8, ["in=4 but the previous statement gives 3 channels"], m => m.EditLine(Model, 8, l => l.Replace("in=3", "in=4"))),
        ["pad-a-whole-window"] = new("CIN0004", 10, ["pad=3,1,0,0 reaches a whole 3x3 window past the map"],
            m => m.EditLine(Model, 10, l => l.Replace("pad=1,1,0,0", "pad=3,1,0,0"))),
        ["stride-zero"] = new("CIN0004", 10, ["stride=0 must be at least 1"], m => m.EditLine(Model, 10, l => l.Replace("stride=2", "stride=0"))),
        ["identity-with-stride-2"] = new("CIN0004", 11, ["an identity shortcut needs stride=1 and in=out"],
            m => m.EditLine(Model, 11, l => l.Replace("stride=1", "stride=2"))),
        ["identity-with-lopsided-pad"] = new("CIN0004", 11, ["an identity shortcut needs conv1 to keep the size"],
            m => m.EditLine(Model, 11, l => l.Replace("pad=1,1,1,1", "pad=1,1,0,0"))),
        ["block-even-kernel"] = new("CIN0004", 13, ["kernel=4 must be odd in a block"], m => m.EditLine(Model, 13, l => l.Replace("kernel=3", "kernel=4"))),
        ["tap-before-any-layer"] = new("CIN0004", 8, ["tap 'relu1' comes before any layer"],
            m => m.ReplaceLine(Model, 8, "tap relu1").ReplaceLine(Model, 9, "conv stem kernel=5 stride=2 pad=2,2,1,1 in=3 out=5 bias=yes act=relu")),
        ["tap-twice"] = new("CIN0004", 12, ["tap name 'relu1' is used twice"], m => m.ReplaceLine(Model, 12, "tap relu1")),
        ["tap-named-all"] = new("CIN0004", 12, ["tap name 'all' makes the property All"], m => m.ReplaceLine(Model, 12, "tap all")),
        ["name-twice"] = new("CIN0004", 14, ["name 'pool' is used twice (line 10)"], m => m.EditLine(Model, 14, l => l.Replace("conv head", "conv pool"))),
        ["conv-named-like-a-block-conv"] = new("CIN0004", 14, ["name 'stage2/block1/projection' is taken by block 'stage2/block1' on line 13"],
            m => m.EditLine(Model, 14, l => l.Replace("conv head", "conv stage2/block1/projection"))),
        ["names-make-one-field"] = new("CIN0004", 14, ["name 'stage1-block1' makes the C# field _stage1Block1, as 'stage1/block1' does"],
            m => m.EditLine(Model, 14, l => l.Replace("conv head", "conv stage1-block1"))),
        ["paths-never-agree"] = new("CIN0004", 13, ["block 'stage2/block1': its main path and its shortcut disagree in size for every input height"],
            m => m.EditLine(Model, 13, l => l.Replace("pad=1,1,0,0", "pad=0,0,0,0"))),
        ["too-many-values"] = new("CIN0004", 14, ["this statement needs 7000000007 values, more than the 268435456"],
            m => m.ReplaceLine(Model, 14, "conv head kernel=1 stride=1 pad=0,0,0,0 in=6 out=1000000001 bias=yes act=none")),

        // CIN0005: the weights line disagrees with the statements.
        ["wrong-weight-count"] = new("CIN0005", 7, ["the convs need 1531 values (kernels and biases) but 'weights' declares count=1532"],
            m => m.EditLine(Model, 7, l => l.Replace("count=1531", "count=1532"))),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BrokenFeatureNetworkIsReportedAtTheOffendingLine(string name)
    {
        var broken = Cases[name];
        var model = broken.Break(ModelFiles.Feature("tiny-trunk"));
        var run = GeneratorHarness.Run(model).AssertDidNotThrow();

        Assert.NotEmpty(run.Diagnostics);
        Assert.All(run.Diagnostics, d => Assert.Equal(broken.Id, d.Id));
        var diagnostic = run.Diagnostics[0];
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (broken.MessageNamesFile) Assert.StartsWith("model.txt: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(model.PathOf(Model), message);
        foreach (string fragment in broken.Fragments) Assert.Contains(fragment, message);

        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(model.PathOf(Model), span.Path);
        Assert.Equal(Math.Max(0, broken.Line - 1), span.StartLinePosition.Line);
        if (broken.Line > 0) Assert.Equal(SourceText.From(model[Model]).Lines[broken.Line - 1].Span, diagnostic.Location.SourceSpan);

        Assert.Contains(run.DriverDiagnostics, d => d.Id == broken.Id);
        Assert.Empty(run.Sources);
    }

    /// <summary>Every id a style network's folder can earn on its own has a feature-network case too.</summary>
    [Fact]
    public void EachSingleFolderIdHasACase() =>
        Assert.Equal(["CIN0001", "CIN0002", "CIN0003", "CIN0004", "CIN0005"], Cases.Values.Select(c => c.Id).Distinct().Order());

    /// <summary>Several malformed lines are all reported, in file order, so one build shows them all.</summary>
    [Fact]
    public void SeveralMalformedLinesAreAllReported()
    {
        var model = ModelFiles.Feature("tiny-trunk")
            .EditLine(Model, 8, l => l.Replace("bias=yes", "bias=no"))
            .EditLine(Model, 11, l => l.Replace("shortcut=identity", "shortcut=none"));
        var run = GeneratorHarness.Run(model).AssertDidNotThrow();
        Assert.Equal([7, 10], run.Diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line));
    }

    /// <summary>CIN0008: two feature folders declare the same name, so would make the same class.</summary>
    [Fact]
    public void DuplicateFeatureNetworkName()
    {
        var copy = ModelFiles.Feature("tiny-trunk", asFolder: "tiny-trunk-copy");
        var run = GeneratorHarness.Run(ModelFiles.Feature("tiny-trunk"), copy).AssertDidNotThrow();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CIN0008", diagnostic.Id);
        Assert.Contains("declare the model name 'tiny-trunk'", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(copy.PathOf(Model), diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
    }

    /// <summary>A style network and a feature network of the same name make different classes, and both compile.</summary>
    [Fact]
    public void StyleAndFeatureNetworksMayShareAName()
    {
        var feature = ModelFiles.Feature("tiny-trunk", asFolder: "tiny-features").ReplaceLine(Model, 2, "name tiny");
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny"), feature).AssertCompilesCleanly();
        Assert.Contains("TinyNetwork.g.cs", run.Sources.Keys);
        Assert.Contains("TinyFeatures.g.cs", run.Sources.Keys);
    }

    /// <summary>A broken feature folder does not stop a style network beside it.</summary>
    [Fact]
    public void BrokenFeatureFolderDoesNotStopTheOthers()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny"), ModelFiles.Feature("tiny-trunk").ReplaceLine(Model, 1, "format cin-features 2"))
            .AssertDidNotThrow();
        Assert.Equal("CIN0002", Assert.Single(run.Diagnostics).Id);
        Assert.Contains("TinyNetwork.g.cs", run.Sources.Keys);
        Assert.DoesNotContain("TinyTrunkFeatures.g.cs", run.Sources.Keys);
    }
}
