namespace Cin.Cli.Tests;

/// <summary>
/// The built cin as a separate process with the models compiled into it: exit codes, which stream each message
/// goes to, and a real photo through the real model.
/// </summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CinResult Cin(params string[] args) => ProcessRunner.Run(ProcessRunner.BuiltCin, args);

    /// <summary>The first style of the compiled-in default model; skips the test when cin was built without models.</summary>
    private static string FirstStyle()
    {
        var styles = Cin("styles");
        if (styles.ExitCode != ExitCodes.Success) Assert.Skip($"cin has no usable built-in model: {styles.Error.Trim()}");
        return styles.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }

    [Fact]
    public void VersionPrintsOneLine()
    {
        var result = Cin("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^cin \d+\.\d+\.\d+\S* \(simd: [^)]*\)\n$", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void MissingFileIsOneLineOnStderrAndExitCode1()
    {
        string input = _folder.File("missing.jpg");
        var result = Cin(input, "-o", _folder.File("out.jpg"), "--style", FirstStyle());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"cin: {input}: no such file\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void ParseErrorIsExitCode2()
    {
        var result = Cin("photo.jpg", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("cin: ", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void TheMagentaStylesAreListed()
    {
        FirstStyle();
        var result = Cin("styles", "--model", "magenta");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^\s*19\s+starry-night\s", result.Output);
        Assert.Matches(@"(?m)^\s*24\s+great-wave\s", result.Output);
    }

    [Fact]
    public void UnknownStyleSuggestsTheClosest()
    {
        FirstStyle();
        var result = Cin(_folder.File("x.jpg"), "--style", "starry-nite");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Did you mean 'starry-night'?", result.Error);
    }

    [Fact]
    public void StylizesAPhotoAtItsExactSize()
    {
        string style = FirstStyle();
        string[] photos = ProcessRunner.SharedPhotos();
        string input;
        if (photos.Length > 0)
        {
            input = photos[0];
        }
        else
        {
            input = _folder.File("generated.jpg");
            TestImages.SaveJpeg(input, 161, 97);
        }
        string output = _folder.File("out.jpg");

        var result = Cin(input, "-o", output, "--style", style, "--threads", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(TestImages.Size(input), TestImages.Size(output));
        Assert.Empty(_folder.TempFiles());
    }
}
