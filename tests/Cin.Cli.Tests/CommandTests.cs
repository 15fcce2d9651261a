namespace Cin.Cli.Tests;

/// <summary>`cin styles`, `cin --version`, help and bare invocations.</summary>
public sealed class CommandTests
{
    [Fact]
    public void StylesListsIndexNameAliasesModelOriginAndTitle()
    {
        var result = CinRunner.Run("styles");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^index\s+name\s+aliases\s+model\s+origin\s+title$", lines[0]);
        Assert.Matches(@"^\s*0\s+starry-night\s+0\s+tiny\s+built-in\s+The Starry Night \(Vincent van Gogh, 1889\)$", lines[1]);
        Assert.Matches(@"^\s*1\s+great-wave\s+1,wave\s+tiny\s+built-in\s+The Great Wave off Kanagawa \(Hokusai\)$", lines[2]);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void StylesOfAnUnknownModel()
    {
        var result = CinRunner.Run("styles", "--model", "nope");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("cin: unknown model 'nope' (available: tiny)", result.SingleErrorLine());
    }

    [Fact]
    public void VersionReportsTheSimdPaths()
    {
        var result = CinRunner.Run("--version");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(@"^cin \d+\.\d+\.\d+\S* \(simd: [a-z0-9 ]+(; off: [a-z0-9 ]+)?\)\r?\n$", result.Output);
        string expected = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "vector256" : "off: .*vector256";
        Assert.Matches(expected, result.Output);
        foreach (string path in new[] { "avx2", "fma", "avx512f", "advsimd", "vector512", "vector128" })
            Assert.Contains(path, result.Output);
    }

    [Fact]
    public void HelpGoesToOutput()
    {
        var result = CinRunner.Run("--help");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--style", result.Output);
        Assert.Contains("styles", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void NoArgumentsShowsHelpAndIsAUsageError()
    {
        var result = CinRunner.Run();
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
    }
}
