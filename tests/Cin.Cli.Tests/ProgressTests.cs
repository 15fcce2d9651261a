using Cin.Engine.Batch;

namespace Cin.Cli.Tests;

/// <summary>The live bar on a terminal, plain lines otherwise, and what Ctrl-C does to a run (in-process; see InterruptTests for real signals).</summary>
public sealed class ProgressTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Photos(int count)
    {
        string folder = _folder.File("photos");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++) TestImages.SavePng(Path.Combine(folder, $"p{i:00}.png"), 19, 13);
        return folder;
    }

    [Fact]
    public void OnATerminalTheBarIsRedrawnInPlaceAndTheSummaryFollows()
    {
        string photos = Photos(4);
        File.WriteAllText(Path.Combine(photos, "bad.png"), "no");
        var console = new CinConsole { IsTerminal = true, Width = 72 };

        var result = CinRunner.Run(new TinyCatalog(), console, photos, "-o", _folder.File("out"), "--style", "wave", "--jobs", "1");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        // The bar: carriage returns, never a line feed of its own, never wider than the terminal.
        Assert.Contains('\r', result.Output);
        string[] frames = result.Output.Split('\r', '\n').Where(f => f.Length > 0).ToArray();
        Assert.All(frames, f => Assert.True(f.Length <= 71, $"frame wider than the terminal: '{f}'"));
        Assert.Contains(frames, f => f.StartsWith('[') && f.Contains("/5") && f.Contains("img/s") && f.Contains("ETA"));
        // No per-file lines on a terminal; the summary is the last line; the error went above the bar on stderr.
        Assert.DoesNotContain(": 19x13, style", result.Output);
        Assert.EndsWith("\n", result.Output);
        Assert.StartsWith("done: 4 stylized, 1 failed of 5 files", result.Output.TrimEnd('\n').Split('\r', '\n').Last(l => l.Trim().Length > 0).TrimStart());
        Assert.Contains("bad.png: not an image", result.Error);
    }

    [Fact]
    public void RedirectedOutputIsPlainLinesWithoutCarriageReturns()
    {
        string photos = Photos(3);
        var result = CinRunner.Run(photos, "-o", _folder.File("out"), "--style", "wave");
        Assert.DoesNotContain('\r', result.Output + result.Error);
        Assert.Equal(4, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void TheBarFitsAnyWidthAndShowsCountsThroughputAndTimeLeft()
    {
        var counts = new BatchCounts(Total: 100, Succeeded: 30, Skipped: 5, Failed: 2, Abandoned: 0, Running: 2, Elapsed: TimeSpan.FromSeconds(16));
        foreach (int width in new[] { 40, 60, 80, 200 })
        {
            string line = BatchReporter.BarLine(counts, "a-very-long-photo-name-from-a-camera-IMG_20240606_123456.jpg", width);
            Assert.True(line.Length <= width - 1, $"{width}: '{line}'");
            Assert.Contains("37/100", line);
        }
        string wide = BatchReporter.BarLine(counts, "IMG_0001.jpg", 100);
        Assert.Contains("2.00 img/s", wide); // (30 + 2) images in 16 s
        Assert.Contains("ETA 0:31", wide);   // 63 files left at 2 per second
        Assert.Contains("2 failed", wide);
        Assert.EndsWith("IMG_0001.jpg", wide);
    }

    [Fact]
    public void CtrlCAbandonsTheFileInProgressKeepsThoseFinishedAndStartsNoOther()
    {
        string photos = Photos(6);
        string output = _folder.File("out");
        Action<Interruption>? interrupt = null;
        var console = new CinConsole { Interruptions = handler => { interrupt = handler; return new Nothing(); } };
        int runs = 0;
        var catalog = new TinyCatalog(onRun: () =>
        {
            if (Interlocked.Increment(ref runs) == 3) interrupt!(Interruption.Interrupt);
        });

        var result = CinRunner.Run(catalog, console, photos, "-o", output, "--style", "wave", "--jobs", "1");

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        // The third, interrupted inside its network run, was given up there; the two before it stay.
        Assert.Equal(3, runs);
        Assert.Equal(["p00-great-wave.png", "p01-great-wave.png"], Directory.GetFiles(output).Select(Path.GetFileName).Order().ToArray());
        Assert.Equal([BatchReporter.InterruptedLine], result.ErrorLines);
        Assert.Contains("interrupted: 2 stylized, 1 abandoned, 3 not started of 6 files", result.Output);
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void MoreCtrlCsChangeNothingAndAreNotReportedAgain()
    {
        string photos = Photos(4);
        string output = _folder.File("out");
        Action<Interruption>? interrupt = null;
        var console = new CinConsole { Interruptions = handler => { interrupt = handler; return new Nothing(); } };
        int runs = 0;
        var catalog = new TinyCatalog(onRun: () =>
        {
            if (Interlocked.Increment(ref runs) != 2) return;
            interrupt!(Interruption.Interrupt);
            interrupt!(Interruption.Interrupt);
            interrupt!(Interruption.Terminate);
        });

        var result = CinRunner.Run(catalog, console, photos, "-o", output, "--style", "wave", "--jobs", "1");

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Equal(["p00-great-wave.png"], Directory.GetFiles(output).Select(Path.GetFileName).ToArray());
        Assert.Equal([BatchReporter.InterruptedLine], result.ErrorLines);
        Assert.Contains("interrupted: 1 stylized, 1 abandoned, 2 not started of 4 files", result.Output);
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void TerminationAbandonsAtOnce()
    {
        string photos = Photos(3);
        string output = _folder.File("out");
        Action<Interruption>? interrupt = null;
        var console = new CinConsole { Interruptions = handler => { interrupt = handler; return new Nothing(); } };
        var catalog = new TinyCatalog(onRun: () => interrupt!(Interruption.Terminate));

        var result = CinRunner.Run(catalog, console, photos, "-o", output, "--style", "wave", "--jobs", "1");

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Empty(Directory.GetFiles(output));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void CtrlCOnASingleFileAbandonsIt()
    {
        string input = _folder.File("in.png"), output = _folder.File("out.png");
        TestImages.SavePng(input, 19, 13);
        Action<Interruption>? interrupt = null;
        var console = new CinConsole { Interruptions = handler => { interrupt = handler; return new Nothing(); } };
        var catalog = new TinyCatalog(onRun: () => interrupt!(Interruption.Interrupt));

        var result = CinRunner.Run(catalog, console, input, "-o", output, "--style", "wave");

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.False(File.Exists(output));
        Assert.Empty(_folder.TempFiles());
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose() { }
    }
}
