namespace Cin.Generators.Tests;

/// <summary>
/// The code generated for tests/Models/tiny, compared with the committed files in Golden/. A change to the emitters
/// shows up as a reviewable diff of those files.
/// </summary>
/// <remarks>
/// After an intended change, accept the new output with <c>CIN_UPDATE_GOLDEN=1 dotnet test tests/Cin.Generators.Tests</c>
/// (or rename the <c>.received.txt</c> files a failing run leaves beside the golden ones).
/// </remarks>
public sealed class GoldenTests
{
    private const string UpdateVariable = "CIN_UPDATE_GOLDEN";
    private const string GoldenSuffix = ".txt";
    private const string ReceivedSuffix = ".received.txt";

    private static string GoldenDir => Path.Combine(Paths.ProjectDir, "Golden");

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";

    [Fact]
    public void TinyModelMatchesGoldenFiles()
    {
        var run = GeneratorHarness.Run(ModelFiles.Test("tiny")).AssertCompilesCleanly();
        var sources = run.Sources;
        Assert.Equal(
            ["BuiltInModels.g.cs", "TinyNetwork.Styles.g.cs", "TinyNetwork.Tables.g.cs", "TinyNetwork.g.cs"],
            sources.Keys.Order(StringComparer.Ordinal));

        Directory.CreateDirectory(GoldenDir);
        var mismatches = new List<string>();
        foreach (var (hintName, text) in sources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string problem = Compare(hintName, Normalize(text));
            if (problem.Length > 0) mismatches.Add(problem);
        }

        // A golden file with no generated counterpart is stale (a renamed or removed output).
        var stale = Directory.EnumerateFiles(GoldenDir, "*.g.cs" + GoldenSuffix)
            .Where(p => !p.EndsWith(ReceivedSuffix, StringComparison.Ordinal))
            .Select(p => Path.GetFileName(p)[..^GoldenSuffix.Length])
            .Where(hint => !sources.ContainsKey(hint))
            .ToList();
        if (Updating)
            foreach (string hint in stale) File.Delete(GoldenPath(hint));
        else
            mismatches.AddRange(stale.Select(hint => $"{GoldenPath(hint)}: nothing generates this file any more; delete it."));

        Assert.True(mismatches.Count == 0,
            string.Join(Environment.NewLine + Environment.NewLine, mismatches)
            + $"{Environment.NewLine}{Environment.NewLine}If the change is intended, run with {UpdateVariable}=1 to rewrite the golden files, then review the diff.");
    }

    private static string GoldenPath(string hintName) => Path.Combine(GoldenDir, hintName + GoldenSuffix);

    /// <summary>Compares one generated file with its golden file; returns what is wrong, or "" when they agree.</summary>
    private static string Compare(string hintName, string actual)
    {
        string golden = GoldenPath(hintName);
        string received = Path.Combine(GoldenDir, hintName + ReceivedSuffix);
        if (Updating)
        {
            File.WriteAllText(golden, actual);
            File.Delete(received);
            return "";
        }
        if (!File.Exists(golden))
        {
            File.WriteAllText(received, actual);
            return $"{golden} does not exist; the output is in {received}.";
        }
        string expected = Normalize(File.ReadAllText(golden));
        if (expected == actual)
        {
            File.Delete(received);
            return "";
        }
        File.WriteAllText(received, actual);
        return $"{hintName} differs from {golden}:{Environment.NewLine}{FirstDifference(expected, actual)}"
            + $"{Environment.NewLine}The generated text is in {received}; compare with: diff {golden} {received}";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "<end of file>";
            string right = i < b.Length ? b[i] : "<end of file>";
            if (left != right) return $"  line {i + 1}{Environment.NewLine}  golden:    {left}{Environment.NewLine}  generated: {right}";
        }
        return "  (the files differ only in line endings)";
    }
}
