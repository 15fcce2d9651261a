using System.Collections.Immutable;
using System.Reflection;
using Cin.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Cin.Generators.Tests;

/// <summary>
/// Runs <see cref="ModelGenerator"/> the way the compiler does, in-process: a <see cref="CSharpGeneratorDriver"/> over
/// in-memory additional files and MSBuild properties, with incremental step tracking on.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The RootNamespace the tests pass; the generated types go into it.</summary>
    public const string Namespace = "Cin.TestModels";

    /// <summary>The id Roslyn reports when a generator throws.</summary>
    public const string GeneratorFailed = "CS8785";

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilationOptions CompilationOptions { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release,
        deterministic: true);

    public static GeneratorDriver CreateDriver(
        IEnumerable<AdditionalText> additionalTexts, string? rootNamespace = Namespace, string? defaultModel = null)
    {
        return CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            additionalTexts,
            ParseOptions,
            Options(rootNamespace, defaultModel),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static TestOptionsProvider Options(string? rootNamespace = Namespace, string? defaultModel = null)
    {
        var global = new Dictionary<string, string>();
        if (rootNamespace != null) global["build_property.RootNamespace"] = rootNamespace;
        if (defaultModel != null) global["build_property.CinDefaultModel"] = defaultModel;
        return new TestOptionsProvider(global);
    }

    /// <summary>A compilation of the given sources (none by default) against the runtime and the engine.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Cin.GeneratedModels",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/Source{i}.cs")),
            References.Value,
            CompilationOptions);

    /// <summary>Runs the generator once over the given model folders.</summary>
    public static GeneratorRun Run(params ModelFiles[] models) => Run(models, defaultModel: null);

    public static GeneratorRun Run(IEnumerable<ModelFiles> models, string? defaultModel, string? rootNamespace = Namespace, params string[] sources)
    {
        var driver = CreateDriver(models.SelectMany(m => m.AdditionalTexts()), rootNamespace, defaultModel);
        return GeneratorRun.Start(driver, CreateCompilation(sources));
    }

    /// <summary>
    /// The runtime's assemblies (every managed dll beside System.Private.CoreLib), the engine, and what the engine
    /// references outside the runtime.
    /// </summary>
    public static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string dll in Directory.EnumerateFiles(runtime, "*.dll"))
        {
            if (IsManaged(dll)) paths.Add(dll);
        }
        Assembly engine = typeof(FeatureMap).Assembly;
        paths.Add(engine.Location);
        foreach (AssemblyName name in engine.GetReferencedAssemblies())
        {
            string location = Assembly.Load(name).Location;
            if (!string.Equals(Path.GetDirectoryName(location), runtime, StringComparison.Ordinal)) paths.Add(location);
        }
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Errors and warnings of a compilation, formatted one a line for an assertion message.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}

/// <summary>One run of the driver, and what it produced.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(GeneratorDriver driver, Compilation input, Compilation output, ImmutableArray<Diagnostic> driverDiagnostics)
    {
        Driver = driver;
        Input = input;
        Output = output;
        DriverDiagnostics = driverDiagnostics;
        Result = driver.GetRunResult();
    }

    public GeneratorDriver Driver { get; }

    /// <summary>The compilation the generator ran over.</summary>
    public Compilation Input { get; }

    /// <summary>The input compilation with the generated sources added.</summary>
    public Compilation Output { get; }

    /// <summary>What RunGeneratorsAndUpdateCompilation reported: generator diagnostics and CS8785 if one threw.</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; }

    public GeneratorDriverRunResult Result { get; }

    public GeneratorRunResult Generator => Assert.Single(Result.Results);

    /// <summary>The diagnostics <see cref="ModelGenerator"/> reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Generator.Diagnostics;

    /// <summary>Generated sources by hint name, with the ".cs" the driver keeps.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Generator.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    public static GeneratorRun Start(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics,
            TestContext.Current.CancellationToken);
        return new GeneratorRun(driver, compilation, output, diagnostics);
    }

    /// <summary>Runs the same driver again over another compilation, as the IDE does after an edit.</summary>
    public GeneratorRun Next(Compilation compilation) => Start(Driver, compilation);

    public GeneratorRun Next(Func<GeneratorDriver, GeneratorDriver> change) => Start(change(Driver), Input);

    /// <summary>Asserts the generator did not throw (Roslyn turns an exception into warning CS8785).</summary>
    public GeneratorRun AssertDidNotThrow()
    {
        Assert.Null(Generator.Exception);
        Assert.DoesNotContain(DriverDiagnostics, d => d.Id == GeneratorHarness.GeneratorFailed);
        return this;
    }

    /// <summary>Asserts the run reported nothing and the output compiles without errors or warnings.</summary>
    public GeneratorRun AssertCompilesCleanly()
    {
        AssertDidNotThrow();
        Assert.True(DriverDiagnostics.IsEmpty, GeneratorHarness.Format(DriverDiagnostics));
        var problems = Output.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:" + Environment.NewLine + GeneratorHarness.Format(problems));
        return this;
    }
}

/// <summary>The MSBuild properties a project makes compiler-visible, as the generator sees them.</summary>
internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions Empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
}

internal sealed class TestOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
{
    private readonly Dictionary<string, string> _values = new(values, KeyComparer);

    public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
        _values.TryGetValue(key, out value);

    public override IEnumerable<string> Keys => _values.Keys;
}
