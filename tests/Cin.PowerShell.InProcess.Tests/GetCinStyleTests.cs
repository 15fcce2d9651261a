namespace Cin.PowerShell.InProcess.Tests;

[Collection(CinShell.Collection)]
public sealed class GetCinStyleTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CinShell _shell;

    public GetCinStyleTests() => _shell = new CinShell(_folder.Path);

    public void Dispose()
    {
        _shell.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void ListsTheStylesOfTheSwappedCatalog()
    {
        var result = _shell.Run("Get-CinStyle");

        Assert.Empty(result.Errors);
        var styles = result.Output.Cast<CinStyle>().ToList();
        Assert.Equal(["starry-night", "great-wave"], styles.Select(s => s.Name));
        Assert.All(styles, s => Assert.Equal("tiny", s.Model));
        Assert.Equal("Hokusai", styles[1].Artist);
        Assert.Null(styles[1].Year); // "-" in the model means unknown
    }

    [Theory]
    [InlineData("wave", "great-wave")]
    [InlineData("*NIGHT", "starry-night")]
    [InlineData("1", "great-wave")]
    public void FindsAStyleByAliasOrWildcard(string name, string expected)
    {
        var result = _shell.Run($"Get-CinStyle '{name}'");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, Assert.IsType<CinStyle>(Assert.Single(result.Output)).Name);
    }

    [Fact]
    public void AnUnknownNameIsOneErrorAndTheOtherNamesStillAnswer()
    {
        var result = _shell.Run("Get-CinStyle no-such-style, great-wave");

        Assert.Equal("great-wave", Assert.IsType<CinStyle>(Assert.Single(result.Output)).Name);
        Assert.Equal("StyleNotFound", Assert.Single(result.ErrorIds));
        Assert.Contains("no-such-style", result.Errors[0].Exception.Message);
    }

    [Fact]
    public void AnUnknownModelNamesTheCatalogsModels()
    {
        var result = _shell.Run("Get-CinStyle -Model magenta");

        Assert.Empty(result.Output);
        Assert.Equal("ModelNotFound", Assert.Single(result.ErrorIds));
        Assert.Contains("unknown model 'magenta' (available: tiny)", result.Errors[0].Exception.Message);
    }
}
