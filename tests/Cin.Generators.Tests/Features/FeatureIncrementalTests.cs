using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cin.Generators.Tests.Features;

/// <summary>
/// The feature steps carry value-equatable data too: a C# edit redoes nothing, and an edit to a style network's
/// folder does not re-parse or re-emit a feature network beside it.
/// </summary>
public sealed class FeatureIncrementalTests
{
    private static readonly string[] Steps = [ModelGenerator.FeatureParseStep, ModelGenerator.FeatureClashesStep];

    [Fact]
    public void EditingUnrelatedCodeLeavesTheFeatureStepsCached()
    {
        var first = GeneratorHarness.Run([ModelFiles.Test("tiny"), ModelFiles.Feature("tiny-trunk")], defaultModel: null,
            GeneratorHarness.Namespace, "class A { }").AssertCompilesCleanly();
        var second = first.Next(first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions, "/src/B.cs")));
        foreach (string step in Steps) AssertCachedOrUnchanged(second, step);
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void EditingAStyleNetworkDoesNotReparseTheFeatureNetwork()
    {
        var tiny = ModelFiles.Test("tiny");
        var texts = tiny.AdditionalTexts().Concat(ModelFiles.Feature("tiny-trunk").AdditionalTexts()).ToList();
        var first = GeneratorRun.Start(GeneratorHarness.CreateDriver(texts), GeneratorHarness.CreateCompilation()).AssertCompilesCleanly();
        AdditionalText oldNorm = texts.Single(t => t.Path == tiny.PathOf(ModelFiles.Norm));
        var retrained = tiny.EditLine(ModelFiles.Norm, 1, line => line.Replace("0.5700546", "0.625"));
        var second = first.Next(driver => driver.ReplaceAdditionalText(oldNorm, new InMemoryAdditionalText(oldNorm.Path, retrained[ModelFiles.Norm])))
            .AssertCompilesCleanly();
        foreach (string step in Steps) AssertCachedOrUnchanged(second, step);
        Assert.Equal(first.Sources["TinyTrunkFeatures.g.cs"], second.Sources["TinyTrunkFeatures.g.cs"]);
        Assert.NotEqual(first.Sources["TinyNetwork.Tables.g.cs"], second.Sources["TinyNetwork.Tables.g.cs"]);
    }

    /// <summary>Two runs over equal inputs give equal parse outputs: the spec's records and arrays compare by value.</summary>
    [Fact]
    public void ParsedSpecsCompareByValue()
    {
        object Parsed() => Assert.Single(GeneratorHarness.Run(ModelFiles.Feature("tiny-trunk")).Generator
            .TrackedSteps[ModelGenerator.FeatureParseStep].SelectMany(s => s.Outputs)).Value;
        object a = Parsed(), b = Parsed();
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    private static void AssertCachedOrUnchanged(GeneratorRun run, string step)
    {
        Assert.True(run.Generator.TrackedSteps.TryGetValue(step, out var steps), $"Step {step} was not tracked.");
        foreach (var output in steps.SelectMany(s => s.Outputs))
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {output.Reason}.");
    }
}
