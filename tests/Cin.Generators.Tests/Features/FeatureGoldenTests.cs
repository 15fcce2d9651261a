namespace Cin.Generators.Tests.Features;

/// <summary>
/// The code generated for tests/FeatureModels/tiny-trunk, compared with the committed file in Golden/Features/. A
/// change to the feature emitter shows up as a reviewable diff of that file. Accept an intended change with
/// <c>CIN_UPDATE_GOLDEN=1</c>, as for <see cref="GoldenTests"/>.
/// </summary>
public sealed class FeatureGoldenTests
{
    private static string GoldenDir => Path.Combine(Paths.ProjectDir, "Golden", "Features");

    [Fact]
    public void TinyTrunkMatchesItsGoldenFile()
    {
        var run = GeneratorHarness.Run(ModelFiles.Feature("tiny-trunk")).AssertCompilesCleanly();
        // One class and nothing else: a feature network has no styles, and no registry lists it.
        Assert.Equal(["TinyTrunkFeatures.g.cs"], run.Sources.Keys);
        string actual = Normalize(run.Sources["TinyTrunkFeatures.g.cs"]);

        string golden = Path.Combine(GoldenDir, "TinyTrunkFeatures.g.cs.txt");
        string received = Path.Combine(GoldenDir, "TinyTrunkFeatures.g.cs.received.txt");
        if (Environment.GetEnvironmentVariable("CIN_UPDATE_GOLDEN") is "1" or "true")
        {
            Directory.CreateDirectory(GoldenDir);
            File.WriteAllText(golden, actual);
            File.Delete(received);
            return;
        }
        string expected = File.Exists(golden) ? Normalize(File.ReadAllText(golden)) : "";
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail($"The generated TinyTrunkFeatures.g.cs differs from {golden}; it is in {received}. "
            + "If the change is intended, run with CIN_UPDATE_GOLDEN=1 and review the diff.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
