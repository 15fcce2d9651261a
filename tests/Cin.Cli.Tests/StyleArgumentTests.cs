namespace Cin.Cli.Tests;

/// <summary>--style and --model mistakes are usage errors (exit code 2) that say how to fix them.</summary>
public sealed class StyleArgumentTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _input;

    public StyleArgumentTests()
    {
        _input = _folder.File("photo.png");
        TestImages.SavePng(_input, 16, 16);
    }

    public void Dispose() => _folder.Dispose();

    private CinResult Run(params string[] extra) =>
        CinRunner.Run([_input, "-o", _folder.File("out.png"), .. extra]);

    [Fact]
    public void UnknownStyleSuggestsTheClosest()
    {
        var result = Run("--style", "starry-nite");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        string line = result.SingleErrorLine();
        Assert.StartsWith("cin: ", line);
        Assert.Contains("'starry-nite'", line);
        Assert.Contains("Did you mean 'starry-night'?", line);
        Assert.False(File.Exists(_folder.File("out.png")));
    }

    [Fact]
    public void BlendWithABadWeight()
    {
        var result = Run("--style", "starry-night=lots,great-wave=0.3");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'lots' is not a number", result.SingleErrorLine());
    }

    [Fact]
    public void UnknownModelListsTheKnownOnes()
    {
        var result = Run("--style", "starry-night", "--model", "picasso");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("cin: unknown model 'picasso' (available: tiny)", result.SingleErrorLine());
    }

    [Fact]
    public void StyleIsRequired()
    {
        var result = Run();
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--style", result.ErrorLines[0]);
    }

    [Theory]
    [InlineData("--quality", "0")]
    [InlineData("--quality", "101")]
    [InlineData("--quality", "high")]
    [InlineData("--threads", "0")]
    public void OutOfRangeNumbers(string option, string value)
    {
        var result = Run("--style", "starry-night", option, value);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"cin: {option} ", result.ErrorLines[0]);
    }

    [Fact]
    public void UnknownOption()
    {
        var result = Run("--style", "starry-night", "--colour", "blue");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--colour", result.Error);
    }
}
