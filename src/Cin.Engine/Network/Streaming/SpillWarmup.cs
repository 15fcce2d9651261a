namespace Cin.Engine.Network.Streaming;

/// <summary>
/// A streamed run's spill file, made and written through once on another thread while the photo decodes, so that the
/// run's first pass over it writes over pages the page cache already has instead of fresh ones (see
/// <see cref="SpillLayout"/> for why that matters): the decoder keeps one core busy, and the other has nothing else to
/// do then. The whole-map run faults its buffers in at the same moment (<see cref="BufferPreparation"/>).
/// </summary>
/// <remarks>
/// The plan it was made for comes from the photo's header; the run plans again once the photo is decoded, and takes
/// the file only when it is at least as large as that plan's (<see cref="Take"/>). Whatever is not taken is closed on
/// <see cref="Dispose"/>, and the file has no name from the start.
/// </remarks>
public sealed class SpillWarmup : IDisposable
{
    /// <summary>Bytes per write: small, since the buffer of zeros counts in the process's memory.</summary>
    private const int ChunkBytes = 1 << 20;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;
    private SpillFile? _file;

    private SpillWarmup(SpillFile file)
    {
        _file = file;
        Bytes = file.Bytes;
        _writing = Task.Run(() => Write(file, _stop.Token));
    }

    /// <summary>The file's size.</summary>
    public long Bytes { get; }

    /// <summary>Whether a run took the file.</summary>
    public bool Taken { get; private set; }

    /// <summary>
    /// Starts making the spill file the streamed run of this network at this size would make, or returns null when
    /// that run would spill nothing (or would run whole maps, or the folder has no room: the run reports that itself).
    /// </summary>
    public static SpillWarmup? Start(StyleNetwork network, int height, int width, StreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        var plan = StreamedRun.PlanFor(network, height, width, options);
        if (plan is not { PeakSpillBytes: > 0 } || !StreamedRun.HasSpace(options, plan.PeakSpillBytes)) return null;
        try
        {
            return new SpillWarmup(new SpillFile(options.TempDirectory, plan.PeakSpillBytes));
        }
        catch (IOException)
        {
            return null; // The run makes its own file, and reports the problem if there is one.
        }
    }

    /// <summary>Stops writing and hands over the file when it holds <paramref name="bytes"/>; null otherwise, or once taken.</summary>
    internal SpillFile? Take(long bytes)
    {
        StopWriting();
        if (_file == null || _file.Bytes < bytes) return null;
        var file = _file;
        _file = null;
        Taken = true;
        return file;
    }

    private static void Write(SpillFile file, CancellationToken stop)
    {
        var zeros = new byte[ChunkBytes];
        try
        {
            for (long at = 0; at < file.Bytes && !stop.IsCancellationRequested; at += ChunkBytes)
                RandomAccess.Write(file.Handle, zeros.AsSpan(0, (int)Math.Min(ChunkBytes, file.Bytes - at)), at);
        }
        catch (IOException)
        {
            // A disk that fills up here fails the run's own write, with the run's message.
        }
    }

    private void StopWriting()
    {
        _stop.Cancel();
        _writing.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        StopWriting();
        _file?.Dispose();
        _file = null;
        // The token source is not disposed: it holds no timer or handle, and Take may still be called after this.
    }
}
