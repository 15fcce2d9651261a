using System.Text.RegularExpressions;

namespace Cin.Generators.Tests;

/// <summary>The algorithm the generator compiles in for each layer of the paper topology, read off the generated code.</summary>
public sealed class AlgorithmChoiceTests
{
    [Fact]
    public void EachPaperLayerGetsTheKernelItsShapeCallsFor()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("paper")).AssertCompilesCleanly();
        string network = run.Sources.Single(s => s.Key.EndsWith("Network.g.cs", StringComparison.Ordinal)).Value;
        string[] chosen = Regex.Matches(network, @"ConvAlgorithm\.(\w+)\)").Select(m => m.Groups[1].Value).ToArray();

        string[] expected =
        [
            "Winograd", // contract/conv1: 9x9, 3 -> 32, as nine 3x3 blocks
            "Direct", "Direct", // the stride-2 contractions
            .. Enumerable.Repeat("Winograd", 10), // five residual blocks of two 3x3 convolutions
            "SubPixel", "SubPixel", // upsample then 3x3
            "NarrowOutput", // expand/conv3: 9x9 to RGB
        ];
        Assert.Equal(expected, chosen);
    }
}
