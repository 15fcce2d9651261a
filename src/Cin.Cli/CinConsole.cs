using System.Runtime.InteropServices;

namespace Cin.Cli;

/// <summary>What kind of interruption arrived.</summary>
public enum Interruption
{
    /// <summary>Ctrl-C (SIGINT): a photo run abandons the files in progress at once and keeps those finished.</summary>
    Interrupt,

    /// <summary>SIGTERM (e.g. `kill`, a service manager stopping cin): the same as Ctrl-C.</summary>
    Terminate,
}

/// <summary>
/// What the command needs to know about the console it runs in, apart from its two writers: whether standard output
/// is a terminal (for the live progress bar), how wide it is, and how interruptions arrive. Tests supply their own.
/// </summary>
public sealed class CinConsole
{
    /// <summary>True when standard output is a terminal a person is watching, not a file or a pipe.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The terminal's width in columns (the progress bar stays one column short of it).</summary>
    public int Width { get; init; } = 80;

    /// <summary>Subscribes to interruptions; the subscription ends when the returned object is disposed.</summary>
    public Func<Action<Interruption>, IDisposable> Interruptions { get; init; } = _ => NoSubscription.Instance;

    /// <summary>
    /// Ends the process at once with the given exit code; null where the command runs inside another process (tests),
    /// which <see cref="EndAfterGrace"/> then leaves alone.
    /// </summary>
    public Action<int>? Exit { get; init; }

    /// <summary>
    /// How long an interrupted run's encoders have to end by themselves (<see cref="EndAfterGrace"/>): short enough that
    /// cin is gone within a second of Ctrl-C, long enough for a run's loops, which look up every few milliseconds, to
    /// end it cleanly.
    /// </summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    private Timer? _deadline;

    /// <summary>
    /// After an interruption: gives the run <see cref="InterruptGrace"/> to end by itself, and if an output is then
    /// still being encoded, ends the process without waiting for it, its temporary file deleted first
    /// (<see cref="Cin.Engine.Imaging.AtomicFile.DeleteUnfinished"/>), with <see cref="ExitCodes.Interrupted"/>. Every
    /// loop of a run looks up within milliseconds, and so does cin's own PNG writer (between pieces of rows), but the
    /// encoders cin takes from ImageSharp for the other formats cannot be stopped, and its WebP encoder compresses the
    /// whole image in memory before it writes a byte (seconds for a large photo). Nothing else is cut short: a run
    /// waiting to print its lines (a paused reader of its output) ends as it always has.
    /// </summary>
    public void EndAfterGrace()
    {
        if (Exit is not { } exit) return;
        var deadline = new Timer(_ =>
        {
            if (Cin.Engine.Imaging.AtomicFile.DeleteUnfinished() > 0) exit(ExitCodes.Interrupted);
        });
        if (Interlocked.CompareExchange(ref _deadline, deadline, null) == null) deadline.Change(InterruptGrace, Timeout.InfiniteTimeSpan);
        else deadline.Dispose();
    }

    /// <summary>A console with output redirected and no interruptions: the default for in-process use.</summary>
    public static CinConsole Redirected { get; } = new();

    /// <summary>The process's own console: SIGINT/Ctrl-C and SIGTERM are caught so that a run can end cleanly.</summary>
    public static CinConsole System()
    {
        bool terminal = !Console.IsOutputRedirected;
        int width = 80;
        if (terminal)
        {
            try { width = Console.WindowWidth; }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException) { }
        }
        return new CinConsole
        {
            IsTerminal = terminal,
            Width = width > 20 ? width : 80,
            Interruptions = SubscribeToSignals,
            Exit = Environment.Exit,
        };
    }

    /// <summary>
    /// Standard error, written straight to its file descriptor on Unix. .NET's console streams there take one lock for
    /// standard output and standard error alike, so while a write to a full standard-output pipe waits (a reader that
    /// has paused), every line for standard error would wait behind it, the message that an interruption was heard
    /// among them.
    /// </summary>
    public static TextWriter StandardError()
    {
        if (OperatingSystem.IsWindows()) return Console.Error;
        try
        {
            var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(2, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            return TextWriter.Synchronized(new StreamWriter(stream, new System.Text.UTF8Encoding(false), 256) { AutoFlush = true });
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Console.Error; // closed or not a file descriptor we can write
        }
    }

    private static IDisposable SubscribeToSignals(Action<Interruption> handler)
    {
        var registrations = new List<IDisposable>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                // Keep the process alive: the run ends itself, removing what it had not finished.
                context.Cancel = true;
                handler(Interruption.Interrupt);
            }),
        };
        if (!OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                handler(Interruption.Terminate);
            }));
        }
        return new Subscriptions(registrations);
    }

    private sealed class Subscriptions(List<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();
        public void Dispose() { }
    }
}
