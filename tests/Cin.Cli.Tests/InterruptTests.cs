using System.Diagnostics;
using SixLabors.ImageSharp;

namespace Cin.Cli.Tests;

/// <summary>
/// Real signals to a real cin process in the middle of a folder run: only complete outputs remain, no temporary file
/// is left, and the exit code says "interrupted" (130).
/// </summary>
/// <remarks>
/// The run is held at a known point, however the machine schedules the two processes: cin's standard output is a FIFO
/// that the test has filled to capacity before cin starts, so cin's first line (printed when the first photo is
/// finished) waits until the test reads. Only then, with one photo written and the run unable to go on, does the test
/// send the signal; the handler's message goes to standard error, which the test reads all along, and once it has
/// come the test drains standard output and the run goes on to find itself stopped.
/// </remarks>
public sealed class InterruptTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("INT", 1)]  // abandon the file in progress, start no other
    [InlineData("INT", 2)]  // the same: a second is not needed, nor reported
    [InlineData("TERM", 1)] // the same as Ctrl-C
    public async Task ASignalMidRunLeavesOnlyCompleteOutputs(string signal, int times)
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("POSIX signals, and Linux's FIFOs");
        // Not a time limit on cin: a guard, so that a broken build fails the test instead of hanging the run.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(10));
        var cancel = guard.Token;
        string photos = _folder.File("photos"), output = _folder.File("out"), fifo = _folder.File("stdout.fifo");
        Directory.CreateDirectory(photos);
        const int count = 8, width = 40, height = 30;
        for (int i = 0; i < count; i++) TestImages.SaveJpeg(Path.Combine(photos, $"p{i}.jpg"), width, height);
        string style = FirstStyle();

        using (var mkfifo = Process.Start("mkfifo", [fifo])!) await mkfifo.WaitForExitAsync(cancel);
        // Opened for reading and writing, which on Linux neither waits for a writer nor ends at one's exit; then filled.
        using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        int capacity = fcntl((int)pipe.SafeFileHandle.DangerousGetHandle(), FGetPipeSize);
        Assert.True(capacity > 0, "F_GETPIPE_SZ failed");
        pipe.Write(new byte[capacity]);

        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", "exec \"$@\" >\"$0\"", fifo, ProcessRunner.BuiltCin, photos, "-o", output, "-s", style, "--jobs", "1", "--threads", "1" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            var errors = new ErrorLines(process.StandardError);

            // The first output exists once cin listens for signals (it subscribes before the run starts); its line
            // cannot be printed, so no second photo is started until the test reads.
            while (!Directory.Exists(output) || Directory.GetFiles(output, "*.jpg").Length == 0)
            {
                if (process.HasExited) Assert.Fail($"cin ended before it was interrupted: {errors.All}");
                await Task.Delay(20, cancel);
            }
            for (int i = 1; i <= times; i++)
            {
                Signal(process.Id, signal);
                // Acknowledged: the handler has abandoned the run before it says so (once, however many signals come).
                await errors.WaitFor(1, line => line.StartsWith("cin: interrupted", StringComparison.Ordinal), cancel);
            }
            string stdout = await Drain(pipe, capacity, cancel);
            await process.WaitForExitAsync(cancel);
            Assert.Single(errors.All.Split('\n'), line => line.StartsWith("cin: interrupted", StringComparison.Ordinal));

            Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
            Assert.Matches($@"(?m)^interrupted: 1 stylized, {count - 1} not started of {count} files", stdout);
            string[] outputs = Directory.GetFiles(output);
            Assert.Single(outputs);
            using (var image = Image.Load(outputs[0])) // complete: decodes to the end
                Assert.Equal((width, height), (image.Width, image.Height));
            Assert.Empty(_folder.TempFiles());
            Assert.Empty(Directory.GetFiles(output, ".*", SearchOption.AllDirectories));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Reads what cin writes after the filler, up to its last line (the summary). The test's own handle keeps the FIFO
    /// open for writing, so the end is the summary, not end-of-file; no read is started after it.
    /// </summary>
    private static async Task<string> Drain(FileStream pipe, int filler, CancellationToken cancel)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[65536];
        string text = "";
        while (!System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^interrupted: .*\n"))
        {
            int n = await pipe.ReadAsync(buffer, cancel);
            Assert.True(n > 0, "standard output ended before the summary");
            bytes.Write(buffer, 0, n);
            if (bytes.Length > filler) text = System.Text.Encoding.UTF8.GetString(bytes.GetBuffer(), filler, (int)bytes.Length - filler);
        }
        return text;
    }

    private const int FGetPipeSize = 1032; // F_GETPIPE_SZ

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command);

    /// <summary>Standard error, read line by line as it comes, so the test can wait for a given line.</summary>
    private sealed class ErrorLines
    {
        private readonly List<string> _lines = [];
        private readonly Task _reading;

        public ErrorLines(StreamReader reader) => _reading = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
                lock (_lines) _lines.Add(line);
        });

        public string All
        {
            get { lock (_lines) return string.Join('\n', _lines); }
        }

        /// <summary>Waits until <paramref name="count"/> lines match (or standard error ends, which fails).</summary>
        public async Task WaitFor(int count, Func<string, bool> match, CancellationToken cancel)
        {
            while (true)
            {
                lock (_lines)
                    if (_lines.Count(match) >= count) return;
                Assert.False(_reading.IsCompleted, $"cin closed standard error without the expected line:\n{All}");
                await Task.Delay(20, cancel);
            }
        }
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
