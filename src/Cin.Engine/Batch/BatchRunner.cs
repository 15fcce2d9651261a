using System.Diagnostics;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Photos;

namespace Cin.Engine.Batch;

/// <summary>How a batch runs.</summary>
public sealed record BatchOptions
{
    /// <summary>Images stylized at the same time, each on its own thread (see <see cref="PhotoOptions.Threads"/> for threads inside one image).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>The options for every photo.</summary>
    public PhotoOptions Photo { get; init; } = new();

    /// <summary>
    /// The memory the images in flight may use together, in bytes; null for the photos' own limit
    /// (<see cref="PhotoOptions.MaxMemoryBytes"/>) or else <see cref="MemoryBudget.Share"/> of the available memory.
    /// Each photo is planned (<see cref="PhotoMemoryPlan"/>) and a job waits before decoding a photo whose planned peak
    /// would not fit beside the ones in progress, so many jobs never add up to more memory than one large photo is
    /// allowed (one photo at a time always runs).
    /// </summary>
    public long? MemoryBytes { get; init; }
}

public enum BatchEventKind
{
    /// <summary>A file is being stylized.</summary>
    Started,
    Succeeded,
    /// <summary>Not stylized and not an error (<see cref="BatchItem.Skip"/>).</summary>
    Skipped,
    Failed,
    /// <summary>Stopped part-way because the run was abandoned; nothing was written.</summary>
    Abandoned,
}

/// <summary>The counts of a run so far, with its throughput and an estimate of the time left.</summary>
public sealed record BatchCounts(int Total, int Succeeded, int Skipped, int Failed, int Abandoned, int Running, TimeSpan Elapsed)
{
    /// <summary>Files finished one way or another.</summary>
    public int Done => Succeeded + Skipped + Failed + Abandoned;

    /// <summary>Images stylized (or failed) per second; skipped files cost nothing and do not count.</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? (Succeeded + Failed) / Elapsed.TotalSeconds : 0;

    /// <summary>Files left at the current throughput; null until the first image has finished.</summary>
    public TimeSpan? EstimatedRemaining =>
        ImagesPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / ImagesPerSecond) : null;
}

/// <summary>
/// One step of a run, reported through <see cref="IProgress{T}"/>. Reports come from the worker threads, one at a
/// time and in order (the runner serializes them), so a handler needs no locking of its own but must be quick.
/// </summary>
public sealed record BatchEvent(BatchEventKind Kind, BatchItem Item, BatchCounts Counts)
{
    public PhotoResult? Result { get; init; }

    /// <summary>Why the file failed: an <see cref="ImageFileException"/> for problems with files (its message is one
    /// line, "path: reason"), anything else for a bug.</summary>
    public Exception? Error { get; init; }
}

/// <summary>How a run ended.</summary>
public sealed record BatchSummary(int Total, int Succeeded, int Skipped, int Failed, int Abandoned, int NotStarted, TimeSpan Elapsed)
{
    /// <summary>True when every file succeeded or was skipped.</summary>
    public bool AllSucceeded => Failed == 0 && Abandoned == 0 && NotStarted == 0;

    /// <summary>True when the run was stopped before every file was done.</summary>
    public bool Interrupted => Abandoned > 0 || NotStarted > 0;

    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? (Succeeded + Failed) / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Runs a <see cref="BatchPlan"/>: <see cref="BatchOptions.Jobs"/> worker threads take files in order, each
/// stylizing one at a time with <see cref="PhotoStylizer.StylizeFile"/>. A file that fails is reported and the
/// others go on; nothing here writes to a console.
/// </summary>
/// <remarks>
/// Two tokens stop a run. <c>stop</c> lets the files in progress finish and starts no more; <c>abandon</c> (cin's
/// Ctrl-C and SIGTERM) also gives up the files in progress at their next check, which comes between rows of every
/// layer and pass (<see cref="PhotoStylizer.StylizeFile(string, string, StyleNetwork, StyleParameters, PhotoOptions, CancellationToken)"/>),
/// so well within a second at any size. It writes nothing for them: outputs appear only by an atomic rename and
/// spill files are deleted on the way out, so a stopped run leaves complete files and no temporary ones.
/// </remarks>
public static class BatchRunner
{
    public static BatchSummary Run(BatchPlan plan, StyleNetwork network, StyleParameters style, BatchOptions options,
        IProgress<BatchEvent>? progress = null, CancellationToken stop = default, CancellationToken abandon = default)
    {
        int jobs = Math.Max(1, Math.Min(options.Jobs, Math.Max(1, plan.Items.Count)));
        var photo = options.Photo;
        photo.Validate();

        var state = new RunState(plan.Items.Count, progress);
        // --max-memory bounds the run, not each job: photos are admitted while their planned peaks fit it together.
        var gate = new MemoryGate(options.MemoryBytes ?? photo.MaxMemoryBytes ?? (long)(MemoryBudget.AvailableBytes * MemoryBudget.Share));
        int next = -1;
        void Work()
        {
            while (!stop.IsCancellationRequested && !abandon.IsCancellationRequested)
            {
                int index = Interlocked.Increment(ref next);
                if (index >= plan.Items.Count) return;
                RunOne(plan.Items[index], network, style, photo, state, gate, abandon);
            }
        }

        if (jobs == 1)
        {
            Work();
        }
        else
        {
            var threads = Enumerable.Range(0, jobs).Select(i => new Thread(Work) { IsBackground = true, Name = $"cin job {i + 1}" }).ToList();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
        }
        return state.Summary();
    }

    private static void RunOne(BatchItem item, StyleNetwork network, StyleParameters style, PhotoOptions photo,
        RunState state, MemoryGate gate, CancellationToken abandon)
    {
        if (item.Problem is { } problem)
        {
            state.Finish(BatchEventKind.Failed, item, error: problem);
            return;
        }
        if (item.Skip is not null)
        {
            state.Finish(BatchEventKind.Skipped, item);
            return;
        }
        state.Start(item);
        long reserved = 0;
        bool admitted = false;
        try
        {
            if (item.FolderToCreate is { } folder) CreateFolder(folder);
            // Read once: the memory budget and the buffer preparation both need the size.
            PhotoHeader? header = PhotoStylizer.ReadHeader(item.Input, photo);
            reserved = PhotoStylizer.EstimateBytes(header, photo);
            gate.Enter(reserved, abandon);
            admitted = true;
            var result = PhotoStylizer.StylizeFile(item.Input, item.Output, network, style, photo, header, abandon);
            state.Finish(BatchEventKind.Succeeded, item, result: result, running: -1);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            state.Finish(BatchEventKind.Abandoned, item, running: -1);
        }
        catch (Exception e)
        {
            // A bad file never stops the others, whatever it throws (out of memory included: the next file may fit).
            state.Finish(BatchEventKind.Failed, item, error: e, running: -1);
        }
        finally
        {
            if (admitted) gate.Leave(reserved);
        }
    }

    /// <summary>
    /// Admits images while their estimated memory fits in the budget beside those in flight; one image is always
    /// admitted when none is running, however large (its own limit is <see cref="PhotoOptions.MaxPixels"/>).
    /// </summary>
    private sealed class MemoryGate(long budget)
    {
        private readonly object _gate = new();
        private long _used;
        private int _inside;

        public void Enter(long bytes, CancellationToken abandon)
        {
            lock (_gate)
            {
                while (_inside > 0 && _used + bytes > budget)
                {
                    abandon.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate, 200);
                }
                _used += bytes;
                _inside++;
            }
        }

        public void Leave(long bytes)
        {
            lock (_gate)
            {
                _used -= bytes;
                _inside--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private static void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(folder, ImageFileError.Unwritable, $"the output folder could not be created ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>The counters, guarded by one lock that also serializes the progress reports.</summary>
    private sealed class RunState(int total, IProgress<BatchEvent>? progress)
    {
        private readonly object _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _succeeded, _skipped, _failed, _abandoned, _running;

        public void Start(BatchItem item)
        {
            lock (_gate)
            {
                _running++;
                progress?.Report(new BatchEvent(BatchEventKind.Started, item, Counts()));
            }
        }

        public void Finish(BatchEventKind kind, BatchItem item, PhotoResult? result = null, Exception? error = null, int running = 0)
        {
            lock (_gate)
            {
                _running += running;
                switch (kind)
                {
                    case BatchEventKind.Succeeded: _succeeded++; break;
                    case BatchEventKind.Skipped: _skipped++; break;
                    case BatchEventKind.Failed: _failed++; break;
                    case BatchEventKind.Abandoned: _abandoned++; break;
                }
                progress?.Report(new BatchEvent(kind, item, Counts()) { Result = result, Error = error });
            }
        }

        public BatchSummary Summary()
        {
            lock (_gate)
            {
                int done = _succeeded + _skipped + _failed + _abandoned;
                return new BatchSummary(total, _succeeded, _skipped, _failed, _abandoned, total - done, _clock.Elapsed);
            }
        }

        private BatchCounts Counts() => new(total, _succeeded, _skipped, _failed, _abandoned, _running, _clock.Elapsed);
    }
}
