using System.Diagnostics;
using System.Globalization;
using Cin.Engine.Learning;

namespace Cin.Cli;

/// <summary>
/// The learner's live line: step, losses, steps per second and time left, rewritten in place on a terminal; elsewhere
/// (a log, a pipe) one line every tenth of the run.
/// </summary>
internal sealed class LearnProgress(TextWriter output, bool terminal, int firstStep, int totalSteps)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _open;

    public void Report(int step, LossParts parts)
    {
        double rate = (step - firstStep) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        var left = TimeSpan.FromSeconds(rate > 0 ? (totalSteps - step) / rate : 0);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{totalSteps}  style {parts.Style:0.000}  content {parts.Content:0.000}  tv {parts.TotalVariation:0.0000}  {rate:0.00} steps/s  ETA {(int)left.TotalMinutes}:{left.Seconds:00}");
        if (terminal)
        {
            output.Write("\r" + line + "\u001b[K");
            _open = true;
        }
        else if (step == totalSteps || step % Math.Max(1, totalSteps / 10) == 0)
        {
            output.WriteLine(line);
        }
    }

    public void End()
    {
        if (_open) output.WriteLine();
        _open = false;
    }
}
