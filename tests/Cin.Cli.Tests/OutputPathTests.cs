namespace Cin.Cli.Tests;

/// <summary>Where the result goes: refused destinations leave everything as it was, and nothing half-written.</summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _input;

    public OutputPathTests()
    {
        _input = _folder.File("photo.jpg");
        TestImages.SaveJpeg(_input, 37, 23);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void OutputFolderThatDoesNotExist()
    {
        string folder = _folder.File("no-such-folder");
        var result = CinRunner.Run(_input, "-o", Path.Combine(folder, "out.jpg"), "--style", "starry-night");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {folder}: the output folder does not exist", result.SingleErrorLine());
        Assert.False(Directory.Exists(folder));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void ExistingOutputIsNotOverwrittenWithoutForce()
    {
        string output = _folder.File("out.jpg");
        byte[] before = "precious bytes"u8.ToArray();
        File.WriteAllBytes(output, before);

        var result = CinRunner.Run(_input, "-o", output, "--style", "starry-night");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {output}: already exists (use --force to overwrite, or --skip-existing)", result.SingleErrorLine());
        Assert.Equal(before, File.ReadAllBytes(output));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void ForceOverwrites()
    {
        string output = _folder.File("out.jpg");
        File.WriteAllText(output, "old");

        var result = CinRunner.Run(_input, "-o", output, "--style", "starry-night", "--force");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal((37, 23), TestImages.Size(output));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void UnknownOutputExtensionIsAUsageError()
    {
        string output = _folder.File("out.xyz");
        var result = CinRunner.Run(_input, "-o", output, "--style", "starry-night");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"cin: {output}: unknown output format '.xyz' (use .jpg, .jpeg, .png", result.SingleErrorLine());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AnExistingFolderAsOutputReceivesTheResult()
    {
        // -o naming a folder that exists writes into it, whatever its name looks like.
        string output = Directory.CreateDirectory(_folder.File("out.png")).FullName;
        var result = CinRunner.Run(_input, "-o", output, "--style", "starry-night");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal((37, 23), TestImages.Size(Path.Combine(output, "photo-starry-night.jpg")));
    }

    [Theory]
    [InlineData("starry-night", "photo-starry-night.jpg")]
    [InlineData("1", "photo-great-wave.jpg")]
    [InlineData("starry-night=0.7,great-wave=0.3", "photo-starry-night+great-wave.jpg")]
    public void DefaultOutputIsNamedAfterInputAndStyle(string style, string expected)
    {
        var result = CinRunner.Run(_input, "--style", style);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(File.Exists(_folder.File(expected)), $"Expected {expected}; folder has {string.Join(", ", Directory.GetFiles(_folder.Path).Select(Path.GetFileName))}");
        Assert.StartsWith(_folder.File(expected), result.Output);
    }

    [Fact]
    public void DefaultOutputOfAGifIsAPng()
    {
        string gif = _folder.File("anim.gif");
        using (var image = TestImages.Gradient(20, 10)) SixLabors.ImageSharp.ImageExtensions.SaveAsGif(image, gif);
        var result = CinRunner.Run(gif, "--style", "wave");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal((20, 10), TestImages.Size(_folder.File("anim-great-wave.png")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnOutputThatIsItsOwnInputIsRefusedEvenWithForce(bool force)
    {
        byte[] before = File.ReadAllBytes(_input);
        string[] args = force ? [_input, "-o", _input, "--style", "wave", "--force"] : [_input, "-o", _input, "--style", "wave"];

        var result = CinRunner.Run(args);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {_input}: the output would replace the input itself (choose another -o or --name)", result.SingleErrorLine());
        Assert.Equal(before, File.ReadAllBytes(_input));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void AnOutputThatReachesItsInputThroughALinkedFolderIsRefused()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("symbolic links need privileges on Windows");
        string link = _folder.File("link");
        Directory.CreateSymbolicLink(link, _folder.Path);
        byte[] before = File.ReadAllBytes(_input);

        var result = CinRunner.Run(_input, "-o", Path.Combine(link, "photo.jpg"), "--style", "wave", "--force");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("the output would replace the input itself", result.SingleErrorLine());
        Assert.Equal(before, File.ReadAllBytes(_input));
    }

    [Fact]
    public void ANamePatternThatNamesTheInputsThemselvesIsRefusedForEach()
    {
        string other = _folder.File("other.png");
        TestImages.SavePng(other, 9, 7);
        byte[] photo = File.ReadAllBytes(_input), png = File.ReadAllBytes(other);

        var result = CinRunner.Run(_folder.Path, "--name", "{name}.{ext}", "--style", "wave", "--force");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.All(result.ErrorLines, line => Assert.EndsWith("the output would replace the input itself (choose another -o or --name)", line));
        Assert.Equal(photo, File.ReadAllBytes(_input));
        Assert.Equal(png, File.ReadAllBytes(other));
    }

    [Fact]
    public void TheModelTokenNamesTheModel()
    {
        var result = CinRunner.Run(_input, "--style", "wave", "--name", "{model}/{name}-{STYLE}.{ext}");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal((37, 23), TestImages.Size(_folder.File("tiny/photo-great-wave.jpg")));
    }
}
