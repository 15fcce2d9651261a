using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Cin.Generators.Tests;

/// <summary>
/// The pipeline's steps carry value-equatable data, so the IDE re-running the generator after an edit redoes only
/// what the edit touched: nothing for a C# edit, one folder's parse for an edit to that folder.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] Steps =
    [
        ModelGenerator.FilesStep, ModelGenerator.FoldersStep, ModelGenerator.ParseStep, ModelGenerator.ClashesStep,
        ModelGenerator.RegistryStep, ModelGenerator.SettingsStep,
    ];

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path);

    [Fact]
    public void EditingUnrelatedCodeLeavesEveryStepCached()
    {
        var first = GeneratorHarness.Run([ModelFiles.Test("tiny"), ModelFiles.Test("paper")], defaultModel: null,
            GeneratorHarness.Namespace, "class A { }").AssertCompilesCleanly();
        AssertStepsRan(first);

        // (a) A new file.
        var added = first.Next(first.Input.AddSyntaxTrees(Parse("class B { }", "/src/B.cs")));
        AssertEverythingCached(added);
        Assert.Equal(first.Sources, added.Sources);

        // (a') An edit to an existing file.
        var original = added.Input.SyntaxTrees.First();
        var edited = added.Next(added.Input.ReplaceSyntaxTree(original, Parse("class A { int _x; }", original.FilePath)));
        AssertEverythingCached(edited);
        Assert.Equal(first.Sources, edited.Sources);

        // The generated trees are carried over as they were, not regenerated.
        Assert.Equal(
            first.Generator.GeneratedSources.Select(s => s.SourceText.ToString()),
            edited.Generator.GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void EditingOneModelReparsesOnlyThatModel()
    {
        var tiny = ModelFiles.Test("tiny");
        var paper = ModelFiles.Test("paper");
        var texts = tiny.AdditionalTexts().Concat(paper.AdditionalTexts()).ToList();
        var first = GeneratorRun.Start(GeneratorHarness.CreateDriver(texts), GeneratorHarness.CreateCompilation()).AssertCompilesCleanly();

        // (b) Retrain one gamma of tiny: norm.txt line 1, first value.
        AdditionalText oldNorm = texts.Single(t => t.Path == tiny.PathOf(ModelFiles.Norm));
        var retrained = tiny.EditLine(ModelFiles.Norm, 1, line => line.Replace("0.5700546", "0.625"));
        var newNorm = new InMemoryAdditionalText(oldNorm.Path, retrained[ModelFiles.Norm]);
        var second = first.Next(driver => driver.ReplaceAdditionalText(oldNorm, newNorm)).AssertCompilesCleanly();

        // Files: only tiny's norm.txt is new.
        foreach (var (value, reason) in Outputs(second, ModelGenerator.FilesStep))
        {
            string path = ((Parsing.ModelFile)value).Path;
            if (path == newNorm.Path) Assert.Equal(IncrementalStepRunReason.Modified, reason);
            else AssertUnchanged(reason, $"{ModelGenerator.FilesStep} {path}");
        }

        // Folders and parse: tiny is modified, paper is not re-read.
        var parsed = Outputs(second, ModelGenerator.ParseStep)
            .ToDictionary(o => ((Parsing.ParseResult)o.Value).Spec!.Folder, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, parsed["tiny"]);
        AssertUnchanged(parsed["paper"], $"{ModelGenerator.ParseStep} paper");
        var folders = Outputs(second, ModelGenerator.FoldersStep)
            .ToDictionary(o => ((Parsing.ModelFolder)o.Value).Folder, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, folders["tiny"]);
        AssertUnchanged(folders["paper"], $"{ModelGenerator.FoldersStep} paper");

        // The clash check and the registry only need names, which did not change, and the settings are untouched.
        AssertAllUnchanged(second, ModelGenerator.ClashesStep);
        AssertAllUnchanged(second, ModelGenerator.RegistryStep);
        AssertAllUnchanged(second, ModelGenerator.SettingsStep);

        // Only tiny's tables changed in the output.
        var before = first.Sources;
        var after = second.Sources;
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (string hint in before.Keys)
        {
            if (hint == "TinyNetwork.Tables.g.cs") Assert.NotEqual(before[hint], after[hint]);
            else Assert.Equal(before[hint], after[hint]);
        }
        Assert.Contains("/* 0 random-0 */ 0.625f, 0.7301549f,", after["TinyNetwork.Tables.g.cs"]);
    }

    /// <summary>Changing CinDefaultModel rebuilds the registry and does not re-parse any model.</summary>
    [Fact]
    public void ChangingTheDefaultModelOnlyRebuildsTheRegistry()
    {
        var first = GeneratorHarness.Run([ModelFiles.Test("tiny"), ModelFiles.Test("paper")], defaultModel: null).AssertCompilesCleanly();
        Assert.Contains("Default = \"paper\"", first.Sources["BuiltInModels.g.cs"]);

        var second = first.Next(driver => driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options(defaultModel: "tiny")))
            .AssertCompilesCleanly();
        Assert.Contains("Default = \"tiny\"", second.Sources["BuiltInModels.g.cs"]);
        Assert.Contains(Outputs(second, ModelGenerator.SettingsStep), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(second, ModelGenerator.RegistryStep), o => o.Reason == IncrementalStepRunReason.Modified);
        AssertAllUnchanged(second, ModelGenerator.FilesStep);
        AssertAllUnchanged(second, ModelGenerator.FoldersStep);
        AssertAllUnchanged(second, ModelGenerator.ParseStep);
        AssertAllUnchanged(second, ModelGenerator.ClashesStep);
    }

    /// <summary>
    /// Nothing a step outputs holds Roslyn objects that compare by reference (symbols, syntax, compilations,
    /// locations), which would keep compilations alive and defeat the cache.
    /// </summary>
    [Fact]
    public void StepOutputsHoldOnlyPlainData()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny"), ModelFiles.Test("paper"));
        foreach (string step in Steps)
            foreach (var (value, _) in Outputs(run, step))
                AssertPlainData(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    /// <summary>Two runs over equal inputs give equal step outputs: the records and arrays compare by value.</summary>
    [Fact]
    public void StepOutputsCompareByValue()
    {
        var a = GeneratorHarness.Run(ModelFiles.Test("tiny"));
        var b = GeneratorHarness.Run(ModelFiles.Test("tiny"));
        foreach (string step in Steps)
        {
            var left = Outputs(a, step).Select(o => o.Value).ToList();
            var right = Outputs(b, step).Select(o => o.Value).ToList();
            Assert.Equal(left.Count, right.Count);
            for (int i = 0; i < left.Count; i++)
            {
                Assert.NotSame(left[i], right[i]);
                Assert.True(left[i].Equals(right[i]), $"{step} output {i} ({left[i].GetType().Name}) does not compare by value.");
                Assert.Equal(left[i].GetHashCode(), right[i].GetHashCode());
            }
        }
    }

    private static void AssertStepsRan(GeneratorRun run)
    {
        foreach (string step in Steps)
        {
            Assert.True(run.Generator.TrackedSteps.ContainsKey(step), $"Step {step} was not tracked.");
            Assert.NotEmpty(Outputs(run, step));
        }
    }

    private static void AssertEverythingCached(GeneratorRun run)
    {
        AssertStepsRan(run);
        foreach (string step in Steps) AssertAllUnchanged(run, step);
        foreach (var (name, steps) in run.Generator.TrackedOutputSteps)
            foreach (var output in steps.SelectMany(s => s.Outputs))
                Assert.True(output.Reason == IncrementalStepRunReason.Cached, $"Output {name} ran again: {output.Reason}.");
    }

    private static void AssertAllUnchanged(GeneratorRun run, string step)
    {
        Assert.True(run.Generator.TrackedSteps.ContainsKey(step), $"Step {step} was not tracked.");
        foreach (var (_, reason) in Outputs(run, step)) AssertUnchanged(reason, step);
    }

    private static void AssertUnchanged(IncrementalStepRunReason reason, string what) =>
        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{what} ran again: {reason}.");

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step) =>
        run.Generator.TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs).ToList()
            : [];

    private static readonly Type[] Forbidden =
    [
        typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel),
        typeof(Location), typeof(Diagnostic), typeof(SourceText), typeof(AdditionalText),
    ];

    private static void AssertPlainData(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Type type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.Name}.");
        if (!type.IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) AssertPlainData(item, $"{path}[{i++}]", seen);
            if (type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true) return;
        }
        for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                AssertPlainData(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}
