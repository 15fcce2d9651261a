using System.Globalization;
using Cin.Engine.Batch;
using Cin.Engine.Photos;

namespace Cin.Cli;

/// <summary>
/// Shows a run's progress. On a terminal: a live bar redrawn in place on standard output (files done of all,
/// throughput, time left, failures, the file in progress), with errors and notes printed above it. Redirected to a
/// file or a pipe: plain lines only, one per stylized file on standard output and one per problem on standard error,
/// no bar and no carriage returns. Both end with a summary line when more than one file was planned.
/// </summary>
internal sealed class BatchReporter : IProgress<BatchEvent>, IDisposable
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly bool _bar;
    private readonly int _width;
    private readonly int _terminalWidth;
    private readonly string _style;
    private readonly object _gate = new();
    private readonly Timer? _timer;
    private BatchCounts? _counts;
    private long _countsAt;
    private string _current = "";
    private bool _drawn;
    private volatile bool _finished;

    /// <param name="bar">Draw the live bar (a terminal and more than one file).</param>
    public BatchReporter(TextWriter output, TextWriter error, bool bar, int width, string style)
    {
        _output = output;
        _error = error;
        _bar = bar;
        // Three columns short of the terminal: the terminal echoes Ctrl-C as "^C" after the bar, and a bar reaching the
        // last column would make that echo wrap onto a new line, leaving a stale bar behind.
        _width = Math.Max(40, width - 3);
        _terminalWidth = Math.Max(40, width);
        _style = style;
        // The clock keeps moving between files, so the bar is redrawn twice a second for the elapsed time and ETA.
        if (bar) _timer = new Timer(_ => Redraw(), null, 500, 500);
    }

    public void Report(BatchEvent e)
    {
        lock (_gate)
        {
            if (_finished) return;
            _counts = e.Counts;
            _countsAt = System.Diagnostics.Stopwatch.GetTimestamp();
            switch (e.Kind)
            {
                case BatchEventKind.Started:
                    _current = Path.GetFileName(e.Item.Input);
                    break;
                case BatchEventKind.Succeeded:
                    if (!_bar) _output.WriteLine(SuccessLine(e.Result!));
                    foreach (string note in e.Result!.Notes) Above(_error, $"cin: {e.Item.Input}: note: {note}");
                    break;
                case BatchEventKind.Skipped:
                    if (!_bar) _output.WriteLine($"{e.Item.Output}: skipped ({e.Item.Skip})");
                    break;
                case BatchEventKind.Failed:
                    Above(_error, $"cin: {ErrorReporting.Describe(e.Item.Input, e.Error!, _error)}");
                    break;
            }
            if (_bar) Draw();
        }
    }

    private int _interrupted;

    /// <summary>
    /// Says, once however many signals come, that the run was interrupted: the files in progress are being given up
    /// (within a second), the ones finished stay.
    /// </summary>
    public void Interrupted()
    {
        if (Interlocked.Exchange(ref _interrupted, 1) == 0)
            Message(InterruptedLine);
    }

    /// <summary>What <see cref="Interrupted"/> prints.</summary>
    public const string InterruptedLine = "cin: interrupted; abandoning the files in progress (finished outputs stay, nothing partial is left)";

    /// <summary>A line about the run itself (an interruption), kept above the bar.</summary>
    public void Message(string line)
    {
        if (!_bar)
        {
            // Without a bar there is nothing to keep it above, and no lock to wait for: a worker holds the lock while it
            // writes its line, and when standard output is a pipe nobody is reading, that write waits. The message
            // about an interruption still gets out at once (the error writer is synchronized).
            if (!_finished) _error.WriteLine(line);
            return;
        }
        lock (_gate)
        {
            if (!_finished) Above(_error, line);
        }
    }

    /// <summary>Clears the bar and prints the summary (when <paramref name="summary"/> is true).</summary>
    public void Finish(BatchSummary result, bool summary)
    {
        lock (_gate)
        {
            _finished = true;
            _timer?.Dispose();
            Clear();
            if (summary) _output.WriteLine(SummaryLine(result));
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
    }

    /// <summary>
    /// "out.jpg: 1024x683, style starry-night, 0.45 s", the line cin prints for each file; a photo whose network ran
    /// in bands ends with "(streamed in 12 bands, 4.6 GiB spilled)".
    /// </summary>
    public string SuccessLine(PhotoResult r)
    {
        string work = r.NetworkWidth > 0 && (r.NetworkWidth != r.Width || r.NetworkHeight != r.Height)
            ? $" (network at {r.NetworkWidth}x{r.NetworkHeight})" : "";
        string streamed = StreamDescription.Describe(r.Network) is { } how ? $" ({how})" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{r.Output}: {r.Width}x{r.Height}{work}, style {_style}, {r.Elapsed.TotalSeconds:0.00} s{streamed}");
    }

    /// <summary>"done: 97 stylized, 1 skipped, 2 failed of 100 files in 34.2 s (2.93 images/s)", or "interrupted: ...".</summary>
    public static string SummaryLine(BatchSummary s)
    {
        var parts = new List<string> { $"{s.Succeeded} stylized" };
        if (s.Skipped > 0) parts.Add($"{s.Skipped} skipped");
        if (s.Failed > 0) parts.Add($"{s.Failed} failed");
        if (s.Abandoned > 0) parts.Add($"{s.Abandoned} abandoned");
        if (s.NotStarted > 0) parts.Add($"{s.NotStarted} not started");
        string head = s.Interrupted ? "interrupted" : "done";
        string rate = s.Succeeded + s.Failed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({s.ImagesPerSecond:0.00} images/s)") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{head}: {string.Join(", ", parts)} of {s.Total} {(s.Total == 1 ? "file" : "files")} in {s.Elapsed.TotalSeconds:0.0} s{rate}");
    }

    /// <summary>The bar's text for these counts, at most <paramref name="width"/> - 1 columns.</summary>
    public static string BarLine(BatchCounts c, string current, int width)
    {
        string eta = c.EstimatedRemaining is { } left ? Clock(left) : "--:--";
        string failed = c.Failed > 0 ? $"  {c.Failed} failed" : "";
        string stats = string.Create(CultureInfo.InvariantCulture,
            $" {c.Done}/{c.Total}  {c.ImagesPerSecond:0.00} img/s  ETA {eta}  {Clock(c.Elapsed)}{failed}");
        int barWidth = Math.Clamp(width / 4, 10, 40);
        int filled = c.Total == 0 ? barWidth : (int)((long)barWidth * c.Done / c.Total);
        string bar = "[" + new string('#', filled) + new string('-', barWidth - filled) + "]";
        string line = bar + stats;
        int room = width - 1 - line.Length - 2;
        if (room >= 8 && current.Length > 0)
            line += "  " + (current.Length <= room ? current : "..." + current[^(room - 3)..]);
        return line.Length > width - 1 ? line[..(width - 1)] : line;
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    private void Redraw()
    {
        lock (_gate)
        {
            if (!_finished && _counts is not null) Draw();
        }
    }

    private void Draw()
    {
        if (_counts is null) return;
        // The counts are from the last event; the clock has moved on since.
        var live = _counts with { Elapsed = _counts.Elapsed + System.Diagnostics.Stopwatch.GetElapsedTime(_countsAt) };
        string line = BarLine(live, _current, _width);
        _output.Write("\r" + line.PadRight(_width - 1));
        _output.Flush();
        _drawn = true;
    }

    private void Clear()
    {
        if (!_drawn) return;
        // The whole line, "^C" echoed by the terminal included.
        _output.Write("\r" + new string(' ', _terminalWidth - 1) + "\r");
        _output.Flush();
        _drawn = false;
    }

    /// <summary>Writes a whole line; on a terminal the bar is cleared first and redrawn after.</summary>
    private void Above(TextWriter writer, string line)
    {
        if (_bar) Clear();
        writer.WriteLine(line);
        writer.Flush();
    }
}
