using SixLabors.ImageSharp;

namespace Cin.Cli.Tests;

/// <summary>Folder runs: many inputs, output names, resuming, and one bad file among good ones.</summary>
public sealed class BatchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Photos(params string[] names)
    {
        string folder = _folder.File("photos");
        Directory.CreateDirectory(folder);
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var image = TestImages.Gradient(23, 17);
            image.Save(path);
        }
        return folder;
    }

    private static string[] Files(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray()
        : [];

    [Fact]
    public void AFolderRunWritesEveryImageIntoTheOutputFolderAndEndsWithASummary()
    {
        string photos = Photos("a.jpg", "b.png", "c.webp");
        File.WriteAllText(Path.Combine(photos, "notes.txt"), "not a photo");
        string output = _folder.File("out");

        var result = CinRunner.Run(photos, "-o", output, "--style", "starry-night");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["a-starry-night.jpg", "b-starry-night.png", "c-starry-night.webp"], Files(output));
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines[..3], l => Assert.Matches(@": 23x17, style starry-night, \d+\.\d\d s$", l));
        Assert.Matches(@"^done: 3 stylized of 3 files in \d+\.\d s \(\d+\.\d\d images/s\)$", lines[3]);
        Assert.Equal("", result.Error);
        Assert.DoesNotContain('\r', result.Output);
    }

    [Fact]
    public void SeveralFilesAndPatternsMix()
    {
        string photos = Photos("a.jpg", "b.png", "c.png", "d.bmp");
        string output = _folder.File("out") + "/";

        var result = CinRunner.Run(Path.Combine(photos, "a.jpg"), Path.Combine(photos, "*.png"), "-o", output, "--style", "wave");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["a-great-wave.jpg", "b-great-wave.png", "c-great-wave.png"], Files(output));
    }

    [Fact]
    public void RecursiveMirrorsSubfoldersAndWithoutItSubfoldersAreLeftAlone()
    {
        string photos = Photos("top.jpg", "2023/summer/beach.png", "2023/winter.jpg");
        string flat = _folder.File("flat"), deep = _folder.File("deep");

        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", flat, "--style", "wave").ExitCode);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", deep, "--style", "wave", "--recursive").ExitCode);

        Assert.Equal(["top-great-wave.jpg"], Files(flat));
        Assert.Equal(["2023/summer/beach-great-wave.png", "2023/winter-great-wave.jpg", "top-great-wave.jpg"], Files(deep));
    }

    [Fact]
    public void AFolderWithOnlySubfoldersSuggestsRecursive()
    {
        string photos = Photos("2023/a.jpg");
        var result = CinRunner.Run(photos, "-o", _folder.File("out"), "--style", "wave");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {photos}: no image files in this folder (use --recursive for its subfolders)", result.SingleErrorLine());
    }

    [Fact]
    public void ThePatternNamesOutputsAndCanConvertAndMakeFolders()
    {
        string photos = Photos("a.jpg", "b.png");
        string output = _folder.File("out");

        var result = CinRunner.Run(photos, "-o", output, "--style", "starry-night=0.5,wave=0.5", "--name", "{style}/{name}.webp");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["starry-night+great-wave/a.webp", "starry-night+great-wave/b.webp"], Files(output));
        Assert.Equal("Webp", Image.DetectFormat(Path.Combine(output, "starry-night+great-wave", "a.webp"))!.Name);
    }

    [Theory]
    [InlineData("{name}-{colour}.{ext}", "--name: unknown token {colour}")]
    [InlineData("{name}.xyz", "not a format cin writes")]
    public void ABadPatternIsAUsageError(string pattern, string message)
    {
        string photos = Photos("a.jpg");
        var result = CinRunner.Run(photos, "-o", _folder.File("out"), "--style", "wave", "--name", pattern);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.SingleErrorLine());
    }

    [Fact]
    public void SkipExistingResumesARun()
    {
        string photos = Photos("a.jpg", "b.jpg", "c.jpg");
        string output = _folder.File("out");
        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", output, "--style", "wave").ExitCode);
        File.Delete(Path.Combine(output, "b-great-wave.jpg"));
        File.WriteAllText(Path.Combine(output, "a-great-wave.jpg"), "kept as it is");

        var result = CinRunner.Run(photos, "-o", output, "--style", "wave", "--skip-existing");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("kept as it is", File.ReadAllText(Path.Combine(output, "a-great-wave.jpg")));
        Assert.True(File.Exists(Path.Combine(output, "b-great-wave.jpg")));
        Assert.Contains("a-great-wave.jpg: skipped (its output exists)", result.Output);
        Assert.Contains("done: 1 stylized, 2 skipped of 3 files", result.Output);
    }

    [Fact]
    public void ExistingOutputsFailOneByOneWithoutForce()
    {
        string photos = Photos("a.jpg", "b.jpg");
        string output = _folder.File("out");
        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", output, "--style", "wave").ExitCode);
        File.Delete(Path.Combine(output, "b-great-wave.jpg"));

        var result = CinRunner.Run(photos, "-o", output, "--style", "wave");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {Path.Combine(output, "a-great-wave.jpg")}: already exists (use --force to overwrite, or --skip-existing)", result.SingleErrorLine());
        Assert.Contains("done: 1 stylized, 1 failed of 2 files", result.Output);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", output, "--style", "wave", "--force").ExitCode);
    }

    [Fact]
    public void ABadFileNeverStopsTheOthers()
    {
        string photos = Photos("a.jpg", "c.jpg");
        File.WriteAllText(Path.Combine(photos, "b.jpg"), "not a jpeg");
        File.WriteAllBytes(Path.Combine(photos, "d.png"), []);
        string output = _folder.File("out");

        var result = CinRunner.Run(photos, "-o", output, "--style", "wave", "--jobs", "2");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal(["a-great-wave.jpg", "c-great-wave.jpg"], Files(output));
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Contains($"cin: {Path.Combine(photos, "b.jpg")}: not an image cin can read", result.Error);
        Assert.Contains($"cin: {Path.Combine(photos, "d.png")}: the file is empty", result.Error);
        Assert.Contains("done: 2 stylized, 2 failed of 4 files", result.Output);
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void RunningAgainBesideTheInputsDoesNotStylizeTheOutputs()
    {
        string photos = Photos("a.jpg", "b.png");
        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "--style", "wave").ExitCode);
        Assert.Equal(["a-great-wave.jpg", "a.jpg", "b-great-wave.png", "b.png"], Files(photos));

        var again = CinRunner.Run(photos, "--style", "wave", "--skip-existing");

        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains("done: 0 stylized, 2 skipped of 2 files", again.Output);
        Assert.Equal(["a-great-wave.jpg", "a.jpg", "b-great-wave.png", "b.png"], Files(photos));
    }

    [Fact]
    public void TwoInputsThatWouldWriteOneOutputAreReported()
    {
        string photos = Photos("a.jpg", "a.png");
        string output = _folder.File("out");

        var result = CinRunner.Run(photos, "-o", output, "--style", "wave", "--name", "{name}.png");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal(["a.png"], Files(output));
        Assert.Contains("would be written to", result.SingleErrorLine());
    }

    [Fact]
    public void JobsGiveTheSameOutputsAsOneAtATime()
    {
        string photos = Photos("a.jpg", "b.png", "c.bmp", "d.tif");
        string one = _folder.File("one"), two = _folder.File("two");

        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", one, "--style", "wave", "--jobs", "1", "--threads", "1").ExitCode);
        Assert.Equal(ExitCodes.Success, CinRunner.Run(photos, "-o", two, "--style", "wave", "--jobs", "3", "--threads", "2").ExitCode);

        foreach (string name in Files(one))
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, name)), File.ReadAllBytes(Path.Combine(two, name)));
    }

    [Fact]
    public void ForceAndSkipExistingContradict()
    {
        var result = CinRunner.Run(Photos("a.jpg"), "--style", "wave", "--force", "--skip-existing");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--force and --skip-existing", result.SingleErrorLine());
    }

    [Fact]
    public void AFileNameAsOutputOfSeveralInputsIsAUsageError()
    {
        string photos = Photos("a.jpg", "b.jpg");
        var result = CinRunner.Run(Path.Combine(photos, "a.jpg"), Path.Combine(photos, "b.jpg"), "-o", _folder.File("out.jpg"), "--style", "wave");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("looks like a file", result.SingleErrorLine());
    }

    [Fact]
    public void APatternThatMatchesNothingIsAnError()
    {
        string photos = Photos("a.jpg");
        string pattern = Path.Combine(photos, "*.png");
        var result = CinRunner.Run(pattern, "-o", _folder.File("out"), "--style", "wave");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {pattern}: no files match this pattern", result.SingleErrorLine());
    }
}
