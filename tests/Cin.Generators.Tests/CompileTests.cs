using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cin.Generators.Tests;

/// <summary>The generated sources compile against the real engine, alone and beside other code.</summary>
public sealed class CompileTests
{
    [Theory]
    [InlineData("tiny", "TinyNetwork")]
    [InlineData("paper", "PaperNetwork")]
    public void TestModelCompilesWithoutErrorsOrWarnings(string model, string className)
    {
        var run = GeneratorHarness.Run(ModelFiles.Test(model)).AssertCompilesCleanly();
        Assert.Contains($"{className}.g.cs", run.Sources.Keys);
        Assert.NotNull(run.Output.GetTypeByMetadataName($"{GeneratorHarness.Namespace}.{className}"));
        Assert.NotNull(run.Output.GetTypeByMetadataName($"{GeneratorHarness.Namespace}.BuiltInModels"));
    }

    /// <summary>
    /// The paper's full-width network (32/64/128, five residual blocks, three styles): about 106 KB of norm.txt become
    /// constant tables. The sizes go to the test output; nothing here is timed.
    /// </summary>
    [Fact]
    public void PaperNetworkSourceCompilesAndEmits()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("paper")).AssertCompilesCleanly();
        foreach (var (hint, text) in run.Sources.OrderBy(p => p.Key, StringComparer.Ordinal))
            TestContext.Current.TestOutputHelper?.WriteLine($"{hint}: {text.Length:N0} chars, {text.Count(c => c == '\n'):N0} lines");

        using var pe = new MemoryStream();
        var emit = run.Output.Emit(pe, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emit.Success, GeneratorHarness.Format(emit.Diagnostics));
        TestContext.Current.TestOutputHelper?.WriteLine($"assembly: {pe.Length:N0} bytes");

        // Every norm.txt row is in the tables: 16 layers (3 + 5 x 2 + 3) x 3 styles x gamma and beta.
        string tables = run.Sources["PaperNetwork.Tables.g.cs"];
        Assert.Equal(16 * 2, tables.Split("private static ReadOnlySpan<float> ").Length - 1);
        Assert.Equal(16 * 3 * 2, tables.Split("/* ").Length - 1);
    }

    /// <summary>
    /// The generated code is meant to be read: long argument lists and table rows are wrapped. Only free text from the
    /// model can make a longer line, and then only as one string literal on a line of its own (magenta's source).
    /// </summary>
    [Theory]
    [InlineData("tiny")]
    [InlineData("paper")]
    [InlineData("magenta")]
    public void GeneratedLinesAreAtMost140Characters(string model)
    {
        string folder = Path.Combine(Paths.RepoRoot, model == "magenta" ? "styles" : Path.Combine("tests", "Models"), model);
        if (!File.Exists(Path.Combine(folder, "model.txt"))) Assert.Skip($"{folder} is not there yet.");
        var run = GeneratorHarness.Run(ModelFiles.FromDisk(folder)).AssertCompilesCleanly();
        var tooLong = new List<string>();
        foreach (var (hint, text) in run.Sources)
        {
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                bool freeText = System.Text.RegularExpressions.Regex.IsMatch(line, """^\s*(\w+: )?"([^"\\]|\\.)*"\)?,?$""");
                if (line.Length > 140 && !freeText) tooLong.Add($"{hint}({i + 1}): {line.Length} characters: {line}");
            }
        }
        Assert.True(tooLong.Count == 0, string.Join(Environment.NewLine, tooLong));
    }

    [Fact]
    public void MagentaModelCompiles()
    {
        string folder = Path.Combine(Paths.RepoRoot, "styles", "magenta");
        if (!File.Exists(Path.Combine(folder, "model.txt"))) Assert.Skip($"{folder} is not there yet.");
        var run = GeneratorHarness.Run(ModelFiles.FromDisk(folder)).AssertCompilesCleanly();
        Assert.Contains("MagentaNetwork.g.cs", run.Sources.Keys);
    }

    /// <summary>
    /// A project with ImplicitUsings (every project in this repository) has global usings that the generated files
    /// repeat; that must not warn.
    /// </summary>
    [Fact]
    public void CompilesBesideImplicitGlobalUsings()
    {
        const string implicitUsings = """
            global using global::System;
            global using global::System.Collections.Generic;
            global using global::System.IO;
            global using global::System.Linq;
            global using global::System.Net.Http;
            global using global::System.Threading;
            global using global::System.Threading.Tasks;
            """;
        GeneratorHarness.Run([ModelFiles.Test("tiny")], defaultModel: null, GeneratorHarness.Namespace, implicitUsings)
            .AssertCompilesCleanly();
    }

    /// <summary>User code can use what the generator emits: the constants, the catalogue and the registry.</summary>
    [Fact]
    public void GeneratedApiIsUsableFromUserCode()
    {
        const string user = """
            using Cin.Engine.Network;
            namespace Cin.TestModels;
            public static class User
            {
                public const int Multiple = TinyNetwork.SizeMultiple;
                public const int Layers = TinyNetwork.LayerCount;
                public const int Weights = TinyNetwork.WeightCount;
                public static ModelInfo Info => TinyNetwork.Model;
                public static System.Collections.Generic.IReadOnlyList<ModelInfo> All => BuiltInModels.All;
                public static StyleNetwork Default() => BuiltInModels.Load(BuiltInModels.Default);
            }
            """;
        GeneratorHarness.Run([ModelFiles.Test("tiny")], defaultModel: null, GeneratorHarness.Namespace, user)
            .AssertCompilesCleanly();
    }

    [Fact]
    public void TwoModelsShareOneRegistryInNameOrder()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny"), ModelFiles.Test("paper")).AssertCompilesCleanly();
        Assert.Equal(
            ["BuiltInModels.g.cs", "PaperNetwork.Styles.g.cs", "PaperNetwork.Tables.g.cs", "PaperNetwork.g.cs",
             "TinyNetwork.Styles.g.cs", "TinyNetwork.Tables.g.cs", "TinyNetwork.g.cs"],
            run.Sources.Keys.Order(StringComparer.Ordinal));
        string registry = run.Sources["BuiltInModels.g.cs"];
        Assert.True(registry.IndexOf("PaperNetwork.Model", StringComparison.Ordinal) < registry.IndexOf("TinyNetwork.Model", StringComparison.Ordinal));
        // With no CinDefaultModel the first model by name is the default.
        Assert.Contains("public const string Default = \"paper\";", registry);
    }

    [Fact]
    public void CinDefaultModelChoosesTheDefault()
    {
        var run = GeneratorHarness.Run([ModelFiles.Test("tiny"), ModelFiles.Test("paper")], defaultModel: " tiny ").AssertCompilesCleanly();
        Assert.Contains("public const string Default = \"tiny\";", run.Sources["BuiltInModels.g.cs"]);
    }

    [Fact]
    public void RootNamespaceNamesTheNamespaceWithAFallback()
    {
        var custom = GeneratorHarness.Run([ModelFiles.Test("tiny")], defaultModel: null, rootNamespace: "My.App").AssertCompilesCleanly();
        Assert.NotNull(custom.Output.GetTypeByMetadataName("My.App.TinyNetwork"));
        Assert.NotNull(custom.Output.GetTypeByMetadataName("My.App.BuiltInModels"));

        foreach (string? missing in new[] { null, "", "   " })
        {
            var fallback = GeneratorHarness.Run([ModelFiles.Test("tiny")], defaultModel: null, rootNamespace: missing).AssertCompilesCleanly();
            Assert.NotNull(fallback.Output.GetTypeByMetadataName("Cin.Models.TinyNetwork"));
        }
    }

    /// <summary>Files checked out with CRLF line endings (git on Windows) generate exactly the same code.</summary>
    [Fact]
    public void CrlfModelFilesGenerateTheSameCode()
    {
        var lf = ModelFiles.Test("tiny");
        var crlf = lf;
        foreach (string file in lf.Files.Keys) crlf = crlf.With(file, text => text.Replace("\r\n", "\n").Replace("\n", "\r\n"));
        var a = GeneratorHarness.Run(lf).AssertCompilesCleanly().Sources;
        var b = GeneratorHarness.Run(crlf).AssertCompilesCleanly().Sources;
        Assert.Equal(a, b);
    }

    /// <summary>Comments, blank lines and any order of key=value pairs are allowed and change nothing.</summary>
    [Fact]
    public void CommentsBlankLinesAndKeyOrderDoNotMatter()
    {
        var plain = ModelFiles.Test("tiny");
        var decorated = plain
            .EditLine(ModelFiles.Topology, 8, _ => "conv contract/conv1 act=relu out=5 in=3 stride=1 kernel=9")
            .With(ModelFiles.Topology, text => text.Replace("\nname ", "\n# the model's id\n\nname "))
            .With(ModelFiles.Norm, text => "# gamma and beta\n\n" + text);
        Assert.Equal(
            GeneratorHarness.Run(plain).AssertCompilesCleanly().Sources,
            GeneratorHarness.Run(decorated).AssertCompilesCleanly().Sources);
    }

    /// <summary>Free text (title, licence, source, style columns) is escaped into valid literals and doc comments.</summary>
    [Fact]
    public void FreeTextIsEscaped()
    {
        const string title = "Quotes \" back\\slash <b>&amp; {braces} $\"{x}\" // not a comment */";
        var model = ModelFiles.Test("tiny")
            .ReplaceLine(ModelFiles.Topology, 3, "title " + title)
            .ReplaceLine(ModelFiles.Topology, 5, "source C:\\models\\tiny \"quoted\"")
            .EditLine(ModelFiles.Styles, 2, line => line.Replace("Random style 0", "L'\u00e9t\u00e9 \"1889\" \\ {0}"));
        var run = GeneratorHarness.Run(model).AssertCompilesCleanly();

        // The ModelInfo arguments, read back as the compiler sees them.
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("TinyNetwork.Styles.g.cs", StringComparison.Ordinal));
        var semantic = run.Output.GetSemanticModel(tree);
        var arguments = tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes()
            .OfType<ArgumentSyntax>()
            .Where(a => a.NameColon != null)
            .ToDictionary(a => a.NameColon!.Name.Identifier.Text, a => semantic.GetConstantValue(a.Expression, TestContext.Current.CancellationToken).Value);
        Assert.Equal(title, arguments["Title"]);
        Assert.Equal("C:\\models\\tiny \"quoted\"", arguments["Source"]);
        var style0 = tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<ImplicitObjectCreationExpressionSyntax>()
            .First(o => o.ArgumentList.Arguments.Count == 7 && o.ArgumentList.Arguments.All(a => a.NameColon == null));
        Assert.Equal("L'\u00e9t\u00e9 \"1889\" \\ {0}", semantic.GetConstantValue(style0.ArgumentList.Arguments[3].Expression, TestContext.Current.CancellationToken).Value);
    }
}
