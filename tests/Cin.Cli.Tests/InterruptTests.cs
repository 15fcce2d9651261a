using System.Diagnostics;
using SixLabors.ImageSharp;

namespace Cin.Cli.Tests;

/// <summary>
/// Real signals to a real cin process in the middle of a folder run: only complete outputs remain, no temporary file
/// is left, and the exit code says "interrupted" (130).
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("INT", 1)]  // finish the file in progress, start no other
    [InlineData("INT", 2)]  // and abandon it
    [InlineData("TERM", 1)] // abandon at once
    public async Task ASignalMidRunLeavesOnlyCompleteOutputs(string signal, int times)
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("POSIX signals");
        string photos = _folder.File("photos");
        Directory.CreateDirectory(photos);
        // Enough work that the run is still going when the signal lands: a photo takes milliseconds, and between the
        // first output appearing and the signal arriving a few tens of milliseconds pass.
        const int count = 96, width = 320, height = 240;
        for (int i = 0; i < count; i++) TestImages.SaveJpeg(Path.Combine(photos, $"p{i:00}.jpg"), width, height);
        string output = _folder.File("out");
        string style = FirstStyle();

        var start = new ProcessStartInfo(ProcessRunner.BuiltCin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { photos, "-o", output, "-s", style, "--jobs", "1", "--threads", "1" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

        // Wait for the first finished output, so the signal lands mid-run with the next file in progress.
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(output) || Directory.GetFiles(output, "*.jpg").Length == 0)
        {
            if (process.HasExited) Assert.Fail($"cin ended before it was interrupted: {await stderr}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no output appeared in 2 minutes");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        for (int i = 0; i < times; i++)
        {
            Signal(process.Id, signal);
            await Task.Delay(30, TestContext.Current.CancellationToken);
        }
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "cin did not stop within a minute of the signal");

        Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
        Assert.Contains("cin: interrupted", await stderr);
        Assert.Matches(@"(?m)^interrupted: \d+ stylized", await stdout);
        string[] outputs = Directory.GetFiles(output);
        Assert.InRange(outputs.Length, 1, count - 1);
        foreach (string file in outputs)
        {
            using var image = Image.Load(file); // complete: decodes to the end
            Assert.Equal((width, height), (image.Width, image.Height));
        }
        Assert.Empty(_folder.TempFiles());
        Assert.Empty(Directory.GetFiles(output, ".*", SearchOption.AllDirectories));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static string FirstStyle()
    {
        var styles = ProcessRunner.Run(ProcessRunner.BuiltCin, "styles");
        if (styles.ExitCode != ExitCodes.Success) Assert.Skip($"cin has no usable built-in model: {styles.Error.Trim()}");
        return styles.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }
}
