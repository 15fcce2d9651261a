using Cin.Engine.Learning;
using Cin.Engine.Styles;
using Cin.TestSupport.Learning;

namespace Cin.Cli.Tests;

/// <summary>
/// `cin learn` against the tiny model and stand-in networks (tests/Cin.TestSupport/Learning): the command's checks,
/// its output, the style file, and Ctrl-C with --resume. The real networks' gradients are tested elsewhere.
/// </summary>
public sealed class LearnCommandTests
{
    private static CinResult Learn(TempFolder folder, CinConsole? console, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CinCommand.Run(["learn", .. args], new TinyCatalog(), TextWriter.Synchronized(output), TextWriter.Synchronized(error),
            console ?? CinConsole.Redirected, new StandInLearningBackend());
        return new CinResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>A painting and three photos large enough for the default crops.</summary>
    private static (string Painting, string Photos) Inputs(TempFolder folder)
    {
        string painting = Path.Combine(folder.Path, "The Painting.png");
        TestImages.SavePng(painting, 120, 90);
        string photos = Path.Combine(folder.Path, "photos");
        Directory.CreateDirectory(photos);
        for (int i = 0; i < 3; i++) TestImages.SaveJpeg(Path.Combine(photos, $"p{i}.jpg"), 200 + 20 * i, 170);
        return (painting, photos);
    }

    [Fact]
    public void LearnsAStyleAndSavesItsFile()
    {
        using var folder = new TempFolder();
        var (painting, photos) = Inputs(folder);
        string styleFile = Path.Combine(folder.Path, "mine.cinstyle");
        var result = Learn(folder, null, painting, "--name", "mine", "--model", "tiny", "--photos", photos, "--steps", "4", "--out", styleFile,
            "--preview", Path.Combine(photos, "p0.jpg"), "--preview-every", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("learning 'mine' on model tiny from The Painting.png: 3 photos, 4 steps of 4 crops of 128 px", result.Output);
        Assert.Contains($"{styleFile}: 'mine' for tiny", result.Output);
        Assert.Contains("note: 3 photo(s); 20 or more", result.Error);
        var style = StyleFileFormat.Read(styleFile);
        Assert.Equal(("mine", "tiny", "The Painting.png", 4), (style.Name, style.Model, style.Painting.FileName, style.Steps));
        Assert.True(File.Exists(Path.Combine(photos, "p0-mine-preview.jpg")));
        Assert.False(File.Exists(Path.ChangeExtension(styleFile, LearnCheckpoint.Extension)));
        // Progress lines on a non-terminal: the last step at least.
        Assert.Contains("step 4/4  style ", result.Output);
    }

    [Theory]
    [InlineData("--name", "My Style", "--name 'My Style' is not a style name")]
    [InlineData("--name", "starry-night", "model 'tiny' already has a style named 'starry-night'; choose another --name")]
    public void RefusesABadNameInOneLine(string option, string value, string expected)
    {
        using var folder = new TempFolder();
        var (painting, photos) = Inputs(folder);
        var result = Learn(folder, null, painting, option, value, "--model", "tiny", "--photos", photos);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"cin: {expected}", result.SingleErrorLine());
    }

    [Fact]
    public void AMissingPhotosOptionSaysWhatToPass()
    {
        using var folder = new TempFolder();
        var (painting, _) = Inputs(folder);
        var result = Learn(folder, null, painting, "--name", "mine", "--model", "tiny");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("cin: --photos is missing: give the photos to learn on", result.SingleErrorLine());
    }

    [Fact]
    public void PhotosTooSmallAreLeftOutWithANote()
    {
        using var folder = new TempFolder();
        var (painting, photos) = Inputs(folder);
        TestImages.SaveJpeg(Path.Combine(photos, "tiny.jpg"), 60, 40);
        var result = Learn(folder, null, painting, "--name", "mine", "--model", "tiny", "--photos", photos, "--steps", "1",
            "--out", Path.Combine(folder.Path, "m.cinstyle"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tiny.jpg: is 60x40, smaller than the 128 px crops; left out", result.Error);
    }

    [Fact]
    public void ABrokenPaintingIsOneLineNamingIt()
    {
        using var folder = new TempFolder();
        var (_, photos) = Inputs(folder);
        string painting = Path.Combine(folder.Path, "broken.jpg");
        File.WriteAllBytes(painting, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var result = Learn(folder, null, painting, "--name", "mine", "--model", "tiny", "--photos", photos);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"cin: {painting}: ", result.SingleErrorLine());
    }

    [Fact]
    public void CtrlCSavesACheckpointAndResumeFinishesExactlyAsAnUninterruptedRun()
    {
        using var folder = new TempFolder();
        var (painting, photos) = Inputs(folder);
        string whole = Path.Combine(folder.Path, "whole.cinstyle");
        Assert.Equal(0, Learn(folder, null, painting, "--name", "mine", "--model", "tiny", "--photos", photos, "--steps", "6", "--out", whole).ExitCode);

        // Interrupt after the third step: the handler is called from the progress writer, between steps.
        string resumed = Path.Combine(folder.Path, "resumed.cinstyle");
        Action<Interruption>? interrupt = null;
        var writer = new StepWatcher(line => { if (line.Contains("step 3/6")) interrupt!(Interruption.Interrupt); });
        var console = new CinConsole { Interruptions = handler => { interrupt = handler; return new Nothing(); } };
        int exit = CinCommand.Run(["learn", painting, "--name", "mine", "--model", "tiny", "--photos", photos, "--steps", "6", "--out", resumed],
            new TinyCatalog(), writer, TextWriter.Null, console, new StandInLearningBackend());
        Assert.Equal(130, exit);
        string checkpoint = Path.ChangeExtension(resumed, LearnCheckpoint.Extension);
        Assert.Equal(3, LearnCheckpoint.Read(checkpoint).Step);
        Assert.False(File.Exists(resumed));

        var result = Learn(folder, null, painting, "--name", "mine", "--model", "tiny", "--photos", photos, "--steps", "6", "--out", resumed, "--resume");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("resuming at step 3", result.Output);
        Assert.False(File.Exists(checkpoint));
        var a = StyleFileFormat.Read(whole);
        var b = StyleFileFormat.Read(resumed);
        for (int i = 0; i < a.Norms.Count; i++)
        {
            Assert.Equal(a.Norms[i].Gamma, b.Norms[i].Gamma);
            Assert.Equal(a.Norms[i].Beta, b.Norms[i].Beta);
        }
    }

    [Fact]
    public void ResumeRefusesACheckpointOfAnotherPainting()
    {
        using var folder = new TempFolder();
        var (painting, photos) = Inputs(folder);
        string styleFile = Path.Combine(folder.Path, "s.cinstyle");
        new LearnCheckpoint("mine", "tiny", new string('7', 64), new string('0', 64), LearnCheckpoint.SettingsKey(new LearnSettings() with { Steps = 5 }), 1, 4,
            new float[6], new double[6], new double[6]).Write(Path.ChangeExtension(styleFile, LearnCheckpoint.Extension));
        var result = Learn(folder, null, painting, "--name", "mine", "--model", "tiny", "--photos", photos, "--steps", "5", "--out", styleFile, "--resume");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("cin: the checkpoint is for another painting (its SHA-256 differs); start again without --resume", result.SingleErrorLine());
    }

    private sealed class StepWatcher(Action<string> onLine) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            onLine(value ?? "");
        }
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose() { }
    }
}
