using System.Management.Automation;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>Tab completion reads the same catalog as the cmdlets, so the tiny model's names complete.</summary>
[Collection(CinShell.Collection)]
public sealed class CompletionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CinShell _shell;

    public CompletionTests() => _shell = new CinShell(_folder.Path);

    public void Dispose()
    {
        _shell.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("Convert-CinImage photo.jpg -Style gr", "great-wave")]
    [InlineData("Convert-CinImage photo.jpg -Style 'st", "'starry-night'")]
    [InlineData("Get-CinStyle -Model ti", "tiny")]
    public void CompletesFromTheModelCatalog(string line, string expected)
    {
        var result = _shell.Run($"TabExpansion2 -inputScript '{line.Replace("'", "''")}' -cursorColumn {line.Length}");

        var completion = Assert.IsType<CommandCompletion>(Assert.Single(result.Output));
        Assert.Equal([expected], completion.CompletionMatches.Select(m => m.CompletionText));
    }
}
