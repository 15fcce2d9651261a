using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Cin.Generators.Tests;

/// <summary>
/// Each diagnostic, from a copy of tests/Models/tiny with one thing broken: the id, a message that names the file (by
/// its name: the location carries the path and line) and the problem, a location on the offending line, no exception
/// from the generator, and no code for that folder.
/// </summary>
public sealed class DiagnosticTests
{
    /// <summary>
    /// One broken model. <paramref name="Line"/> is the 1-based line the diagnostic points at, or 0 when it is about the
    /// file as a whole (then it points at the file's start).
    /// </summary>
    internal sealed record BrokenModel(string Id, string File, int Line, string[] Fragments, Func<ModelFiles, ModelFiles> Break)
    {
        /// <summary>Whether the message starts with the file's name, "model.txt: " (CIN0003 names the folder instead).</summary>
        public bool MessageNamesFile { get; init; } = true;
    }

    // tests/Models/tiny/model.txt, by line: 1 format, 2 name, 3 title, 4 licence, 5 source, 6 styles, 7 weights,
    // 8-10 contract/conv1-3, 11-12 residual/residual1-2, 13-15 expand/conv1-3.
    // styles.tsv: 1 header, 2 random-0, 3 random-1. norm.txt: 10 layers x 2 styles x gamma, beta = 40 lines.
    private static readonly Dictionary<string, BrokenModel> Cases = new()
    {
        // CIN0001: a malformed model.txt statement.
        ["unknown-statement"] = new("CIN0001", ModelFiles.Topology, 4, ["unknown statement 'colour'"],
            m => m.ReplaceLine(ModelFiles.Topology, 4, "colour blue")),
        ["conv-without-act"] = new("CIN0001", ModelFiles.Topology, 9, ["'conv' needs", "act="],
            m => m.ReplaceLine(ModelFiles.Topology, 9, "conv contract/conv2 kernel=3 stride=2 in=5 out=6")),
        ["key-without-value"] = new("CIN0001", ModelFiles.Topology, 10, ["expected key=value, not 'stride='"],
            m => m.ReplaceLine(ModelFiles.Topology, 10, "conv contract/conv3 kernel=3 stride= in=6 out=7 act=relu")),
        ["unknown-layer-key"] = new("CIN0001", ModelFiles.Topology, 11, ["unknown key 'stride'", "allowed: kernel, channels"],
            m => m.ReplaceLine(ModelFiles.Topology, 11, "residual residual/residual1 kernel=3 channels=7 stride=1")),
        ["bad-sha256"] = new("CIN0001", ModelFiles.Topology, 7, ["sha256=<64 hex digits>"],
            m => m.EditLine(ModelFiles.Topology, 7, line => line.Replace(new string('0', 64), "abc"))),
        ["styles-not-a-count"] = new("CIN0001", ModelFiles.Topology, 6, ["'styles' takes a positive count, not 'two'"],
            m => m.ReplaceLine(ModelFiles.Topology, 6, "styles two")),
        ["missing-name"] = new("CIN0001", ModelFiles.Topology, 0, ["missing name"],
            m => m.ReplaceLine(ModelFiles.Topology, 2, "# no name")),
        ["model-name-not-kebab"] = new("CIN0001", ModelFiles.Topology, 2, ["model name 'Tiny_Model' must be kebab-case"],
            m => m.ReplaceLine(ModelFiles.Topology, 2, "name Tiny_Model")),
        ["layer-name-characters"] = new("CIN0001", ModelFiles.Topology, 9, ["layer name 'contract.conv2' may hold only lower-case letters"],
            m => m.ReplaceLine(ModelFiles.Topology, 9, "conv contract.conv2 kernel=3 stride=2 in=5 out=6 act=relu")),

        // CIN0002: not format version 1.
        ["format-version-2"] = new("CIN0002", ModelFiles.Topology, 1, ["version 2 is not supported"],
            m => m.ReplaceLine(ModelFiles.Topology, 1, "format cin-model 2")),
        ["format-line-missing"] = new("CIN0002", ModelFiles.Topology, 2, ["first statement must be 'format cin-model 1'", "'name tiny'"],
            m => m.ReplaceLine(ModelFiles.Topology, 1, "# format line removed")),
        ["model-txt-empty"] = new("CIN0002", ModelFiles.Topology, 0, ["the file is empty", "format cin-model 1"],
            m => m.With(ModelFiles.Topology, "")),

        // CIN0003: a misnamed folder, or one without one of its three text files. The location is a file the folder has.
        ["folder-name-with-a-dot"] = new("CIN0003", ModelFiles.Topology, 0, ["model folder 'my.model' (/models/my.model) must be kebab-case"],
            m => m.InFolder("my.model")) { MessageNamesFile = false },
        ["norm-txt-missing"] = new("CIN0003", ModelFiles.Topology, 0, ["model folder 'tiny'", "lacks norm.txt"],
            m => m.Without(ModelFiles.Norm)) { MessageNamesFile = false },
        ["only-styles-tsv"] = new("CIN0003", ModelFiles.Styles, 0, ["model folder 'tiny'", "lacks model.txt, norm.txt"],
            m => m.Without(ModelFiles.Topology).Without(ModelFiles.Norm)) { MessageNamesFile = false },

        // CIN0004: layers that do not chain into an image-to-image network.
        ["channel-mismatch"] = new("CIN0004", ModelFiles.Topology, 9, ["in=4 but the previous layer gives 5 channels"],
            m => m.ReplaceLine(ModelFiles.Topology, 9, "conv contract/conv2 kernel=3 stride=2 in=4 out=6 act=relu")),
        ["first-layer-not-rgb"] = new("CIN0004", ModelFiles.Topology, 8, ["in=4 but the previous layer gives 3 channels"],
            m => m.ReplaceLine(ModelFiles.Topology, 8, "conv contract/conv1 kernel=9 stride=1 in=4 out=5 act=relu")),
        ["even-kernel"] = new("CIN0004", ModelFiles.Topology, 8, ["kernel=8 must be odd"],
            m => m.ReplaceLine(ModelFiles.Topology, 8, "conv contract/conv1 kernel=8 stride=1 in=3 out=5 act=relu")),
        ["last-layer-not-sigmoid"] = new("CIN0004", ModelFiles.Topology, 15, ["the last layer must be a conv with out=3 and act=sigmoid"],
            m => m.ReplaceLine(ModelFiles.Topology, 15, "conv expand/conv3 kernel=9 stride=1 in=5 out=3 act=relu")),
        ["unknown-activation"] = new("CIN0004", ModelFiles.Topology, 13, ["act=tanh is not one of relu, sigmoid, none"],
            m => m.ReplaceLine(ModelFiles.Topology, 13, "conv expand/conv1 upsample=2 kernel=3 stride=1 in=7 out=6 act=tanh")),
        ["upsample-3"] = new("CIN0004", ModelFiles.Topology, 13, ["upsample=3 is not supported"],
            m => m.ReplaceLine(ModelFiles.Topology, 13, "conv expand/conv1 upsample=3 kernel=3 stride=1 in=7 out=6 act=relu")),
        ["layer-name-twice"] = new("CIN0004", ModelFiles.Topology, 10, ["layer name 'contract/conv2' is used twice"],
            m => m.ReplaceLine(ModelFiles.Topology, 10, "conv contract/conv2 kernel=3 stride=2 in=6 out=7 act=relu")),
        ["conv-named-like-a-residual-layer"] = new("CIN0004", ModelFiles.Topology, 12,
            ["layer name 'residual/residual1/conv2' is taken by residual 'residual/residual1' on line 11"],
            m => m.ReplaceLine(ModelFiles.Topology, 12, "conv residual/residual1/conv2 kernel=3 stride=1 in=7 out=7 act=relu")),
        ["layer-names-make-one-identifier"] = new("CIN0004", ModelFiles.Topology, 10,
            ["layer name 'contract_conv2' makes the C# identifier ContractConv2, as 'contract/conv2' does"],
            m => m.ReplaceLine(ModelFiles.Topology, 10, "conv contract_conv2 kernel=3 stride=2 in=6 out=7 act=relu")),
        ["layer-too-large"] = new("CIN0004", ModelFiles.Topology, 8, ["this layer needs 486000000 weights, more than the 268435456"],
            m => m.ReplaceLine(ModelFiles.Topology, 8, "conv contract/conv1 kernel=9 stride=1 in=3 out=2000000 act=relu")),
        ["strides-do-not-cancel"] = new("CIN0004", ModelFiles.Topology, 15, ["strides (product 4) and upsampling (product 2) must cancel"],
            m => m.ReplaceLine(ModelFiles.Topology, 14, "conv expand/conv2 kernel=3 stride=1 in=6 out=5 act=relu")),

        // CIN0005: the weights line disagrees with the layers.
        ["wrong-weight-count"] = new("CIN0005", ModelFiles.Topology, 7, ["the layers need 5490 weights but 'weights' declares count=5491"],
            m => m.EditLine(ModelFiles.Topology, 7, line => line.Replace("count=5490", "count=5491"))),

        // CIN0006: styles.tsv.
        ["styles-bad-header"] = new("CIN0006", ModelFiles.Styles, 1, ["the header must be 'index<tab>name<tab>aliases"],
            m => m.ReplaceLine(ModelFiles.Styles, 1, "index name aliases title artist year source")),
        ["styles-duplicate-name"] = new("CIN0006", ModelFiles.Styles, 3, ["'random-0' already names style 'random-0'"],
            m => m.EditLine(ModelFiles.Styles, 3, line => line.Replace("random-1", "random-0"))),
        ["styles-alias-clash"] = new("CIN0006", ModelFiles.Styles, 3, ["'R0' already names style 'random-0'"],
            m => m.EditLine(ModelFiles.Styles, 3, line => line.Replace("\tr1\t", "\tR0\t"))),
        ["styles-name-not-kebab"] = new("CIN0006", ModelFiles.Styles, 2, ["style name 'Random_0' is not kebab-case"],
            m => m.EditLine(ModelFiles.Styles, 2, line => line.Replace("random-0", "Random_0"))),
        ["styles-wrong-row-count"] = new("CIN0006", ModelFiles.Styles, 0, ["model.txt declares 2 styles but styles.tsv lists 1"],
            m => m.RemoveLine(ModelFiles.Styles, 3)),
        ["styles-index-out-of-order"] = new("CIN0006", ModelFiles.Styles, 3, ["expected index 1, found '2'"],
            m => m.EditLine(ModelFiles.Styles, 3, line => "2" + line[1..])),
        ["styles-six-columns"] = new("CIN0006", ModelFiles.Styles, 2, ["7 tab-separated columns, this one has 6"],
            m => m.EditLine(ModelFiles.Styles, 2, line => line[..line.LastIndexOf('\t')])),
        ["styles-empty"] = new("CIN0006", ModelFiles.Styles, 0, ["the file is empty"],
            m => m.With(ModelFiles.Styles, "")),

        // CIN0007: norm.txt.
        ["norm-wrong-value-count"] = new("CIN0007", ModelFiles.Norm, 1, ["contract/conv1 has 5 channels but this line has 4 values"],
            m => m.EditLine(ModelFiles.Norm, 1, line => line[..line.LastIndexOf(' ')])),
        ["norm-missing-row"] = new("CIN0007", ModelFiles.Norm, 0, ["no beta line for layer expand/conv3, style 1"],
            m => m.RemoveLine(ModelFiles.Norm, 40)),
        ["norm-not-a-number"] = new("CIN0007", ModelFiles.Norm, 2, ["'abc' is not a finite number"],
            m => m.EditLine(ModelFiles.Norm, 2, line => line.Replace("0.15996695", "abc"))),
        ["norm-nan"] = new("CIN0007", ModelFiles.Norm, 3, ["'NaN' is not a finite number"],
            m => m.EditLine(ModelFiles.Norm, 3, line => line.Replace("1.3912343", "NaN"))),
        ["norm-overflow"] = new("CIN0007", ModelFiles.Norm, 3, ["'1e39' is not a finite number"],
            m => m.EditLine(ModelFiles.Norm, 3, line => line.Replace("1.3912343", "1e39"))),
        ["norm-unknown-layer"] = new("CIN0007", ModelFiles.Norm, 41, ["'contract/conv9' is not a layer of model.txt"],
            m => m.AppendLine(ModelFiles.Norm, "contract/conv9 0 gamma 1 1 1 1 1")),
        ["norm-style-out-of-range"] = new("CIN0007", ModelFiles.Norm, 41, ["'2' is not a style index below 2"],
            m => m.AppendLine(ModelFiles.Norm, "contract/conv1 2 gamma 1 1 1 1 1")),
        ["norm-row-twice"] = new("CIN0007", ModelFiles.Norm, 41, ["contract/conv1 style 0 gamma is given twice"],
            m => m.AppendLine(ModelFiles.Norm, "contract/conv1 0 gamma 1 1 1 1 1")),
        ["norm-not-gamma-or-beta"] = new("CIN0007", ModelFiles.Norm, 41, ["expected '<layer> <style index> gamma|beta <values>'"],
            m => m.AppendLine(ModelFiles.Norm, "contract/conv1 0 scale 1 1 1 1 1")),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BrokenModelIsReportedAtTheOffendingLine(string name)
    {
        var broken = Cases[name];
        var model = broken.Break(ModelFiles.Test("tiny"));
        var run = GeneratorHarness.Run(model).AssertDidNotThrow();

        Assert.NotEmpty(run.Diagnostics);
        Assert.All(run.Diagnostics, d => Assert.Equal(broken.Id, d.Id));
        var diagnostic = run.Diagnostics[0];
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Cin.Model", diagnostic.Descriptor.Category);
        Assert.NotEqual("", diagnostic.Descriptor.Title.ToString(CultureInfo.InvariantCulture));

        string path = model.PathOf(broken.File);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (broken.MessageNamesFile) Assert.StartsWith(broken.File + ": ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(path, message);
        foreach (string fragment in broken.Fragments) Assert.Contains(fragment, message);

        // The location: the file, and the whole offending line (or the file's start).
        Assert.Equal(LocationKind.ExternalFile, diagnostic.Location.Kind);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(Math.Max(0, broken.Line - 1), span.StartLinePosition.Line);
        Assert.Equal(0, span.StartLinePosition.Character);
        if (broken.Line > 0)
        {
            var line = SourceText.From(model[broken.File]).Lines[broken.Line - 1];
            Assert.Equal(line.Span, diagnostic.Location.SourceSpan);
            Assert.Equal(span.StartLinePosition.Line, span.EndLinePosition.Line);
        }

        // The compiler reports it too, and nothing is generated for the folder (so no registry either).
        Assert.Contains(run.DriverDiagnostics, d => d.Id == broken.Id);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void EveryDiagnosticIdHasACase()
    {
        // CIN0008 and CIN0010 take two folders and CIN0009 a project property: they have tests of their own.
        var covered = Cases.Values.Select(c => c.Id).Append("CIN0008").Append("CIN0009").Append("CIN0010").Distinct().Order();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"CIN{i:0000}"), covered);
    }

    /// <summary>A broken folder does not stop the others from compiling; the registry lists only the good ones.</summary>
    [Fact]
    public void BrokenFolderDoesNotStopTheOthers()
    {
        var run = GeneratorHarness.Run(
            ModelFiles.Test("paper"),
            ModelFiles.Test("tiny").ReplaceLine(ModelFiles.Topology, 1, "format cin-model 2")).AssertDidNotThrow();
        Assert.Equal("CIN0002", Assert.Single(run.Diagnostics).Id);
        Assert.Equal(
            ["BuiltInModels.g.cs", "PaperNetwork.Styles.g.cs", "PaperNetwork.Tables.g.cs", "PaperNetwork.g.cs"],
            run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Tiny", run.Sources["BuiltInModels.g.cs"]);
        var errors = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(errors);
    }

    /// <summary>Several problems in one file are all reported, in file order, so one build shows them all.</summary>
    [Fact]
    public void SeveralProblemsInOneFileAreAllReported()
    {
        var model = ModelFiles.Test("tiny")
            .EditLine(ModelFiles.Norm, 2, line => line.Replace("0.15996695", "abc"))
            .EditLine(ModelFiles.Norm, 5, line => line[..line.LastIndexOf(' ')]);
        var run = GeneratorHarness.Run(model).AssertDidNotThrow();
        Assert.Equal([1, 4], run.Diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Empty(run.Sources);
    }

    /// <summary>CIN0008: two folders declare the same model name.</summary>
    [Fact]
    public void DuplicateModelName()
    {
        var copy = ModelFiles.Test("tiny", asFolder: "tiny-copy");
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny"), copy).AssertDidNotThrow();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CIN0008", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("model.txt: two model folders declare the model name 'tiny': 'tiny' and 'tiny-copy'; model names must be unique",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        // At the name line of the second folder (in path order).
        Assert.Equal(LocationKind.ExternalFile, diagnostic.Location.Kind);
        Assert.Equal(copy.PathOf(ModelFiles.Topology), diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(SourceText.From(copy[ModelFiles.Topology]).Lines[1].Span, diagnostic.Location.SourceSpan);
        Assert.DoesNotContain(run.Sources.Keys, k => k.StartsWith("TinyNetwork", StringComparison.Ordinal));
        Assert.DoesNotContain("BuiltInModels.g.cs", run.Sources.Keys);
    }

    /// <summary>CIN0009: CinDefaultModel names a model that is not compiled. The networks still compile; no registry.</summary>
    [Fact]
    public void UnknownDefaultModel()
    {
        var run = GeneratorHarness.Run([ModelFiles.Test("tiny"), ModelFiles.Test("paper")], defaultModel: "magenta").AssertDidNotThrow();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CIN0009", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("CinDefaultModel names 'magenta'", message);
        Assert.Contains("(paper, tiny)", message);
        // An MSBuild property: the generator sees no file or line that sets it.
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.DoesNotContain("BuiltInModels.g.cs", run.Sources.Keys);
        Assert.Contains("TinyNetwork.g.cs", run.Sources.Keys);
        Assert.Contains("PaperNetwork.g.cs", run.Sources.Keys);
    }

    /// <summary>With no model at all the generator adds nothing and says nothing, even with CinDefaultModel set.</summary>
    [Fact]
    public void NoModelsGenerateNothing()
    {
        var run = GeneratorHarness.Run([], defaultModel: "magenta", GeneratorHarness.Namespace,
            "class C { }").AssertDidNotThrow();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
    }

    /// <summary>Additional files that are not model files are ignored, wherever they are.</summary>
    [Fact]
    public void OtherAdditionalFilesAreIgnored()
    {
        var texts = ModelFiles.Test("tiny").AdditionalTexts()
            .Append(new InMemoryAdditionalText("/models/tiny/weights.txt", "not a model file"))
            .Append(new InMemoryAdditionalText("/docs/README.md", "# readme"));
        var run = GeneratorRun.Start(GeneratorHarness.CreateDriver(texts), GeneratorHarness.CreateCompilation()).AssertCompilesCleanly();
        Assert.Equal(4, run.Sources.Count);
    }
}
