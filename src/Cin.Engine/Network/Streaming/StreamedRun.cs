namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Runs a network from a row source to a row sink within a memory bound: whole maps when they fit, otherwise bands
/// of rows with exact global statistics for every norm.
/// </summary>
/// <remarks>
/// The banded run is layer-major (<see cref="StreamSchedule"/>): a norm needs its layer's statistics over the whole
/// map, so each layer runs over every band, storing its output before the norm and gathering the statistics, before
/// the next layer reads those rows through the now-known norm. Each band reads the halo its kernel reaches and keeps
/// only rows that did not depend on the band's own edges, so the result is the whole-map result, up to the order in
/// which statistics are summed. Maps live in memory while they fit beside the band buffers, and in spill files
/// otherwise (<see cref="StreamPlan"/>).
/// </remarks>
public static class StreamedRun
{
    public static StreamReport Run(StyleNetwork network, StyleParameters style, IRowSource input, IRowSink output,
        StreamOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (style.LayerCount != network.NormLayerCount)
            throw new ArgumentException("These style parameters belong to another model.", nameof(style));
        cancellation.ThrowIfCancellationRequested();
        // The layers' loops check it too, between rows of a whole map or of a band.
        using var cancellable = Kernels.RowParallel.Cancellable(cancellation);
        if (Decide(network, input.Height, input.Width, options) is not var (frame, schedule, plan))
            return RunWhole(network, style, input, output, options.Threads, cancellation);

        // A file made while the photo decoded is taken as it is; otherwise the run makes its own, if the disk has room.
        bool warmed = plan.PeakSpillBytes > 0 && options.Warmup is { } warmup && warmup.Bytes >= plan.PeakSpillBytes;
        if (plan.PeakSpillBytes > 0 && !warmed) CheckSpace(options, plan.PeakSpillBytes);
        if (LayerProfile.Enabled)
            Console.Error.WriteLine($"streamed plan: {plan.Bands} bands of {plan.BandRows} rows, share {options.MemoryBytes >> 20} MiB, " +
                $"band buffers {plan.WorkingBytes >> 20} MiB, peak {plan.PeakMemoryBytes >> 20} MiB, spilled {plan.SpillBytes >> 20} MiB in a file of {plan.PeakSpillBytes >> 20} MiB, " +
                $"rows per band by map {string.Join(' ', schedule.Maps.Skip(1).Select(m => $"{plan.MapRows[m.Id]}/{m.Height}"))}");
        // What decoding left behind goes back to the system before the bands take their share, and the bands'
        // buffers go back once they are done, before the result is encoded: a bounded run's peak is what is live at
        // each stage, not what the collector or the C heap still keeps (a blocking collection of a small heap and a
        // trim: milliseconds, against a run of seconds).
        MemoryRelease.Now();
        try
        {
            var file = warmed ? options.Warmup!.Take(plan.PeakSpillBytes) : null;
            BandedRun run;
            try
            {
                run = new BandedRun(schedule, plan, style, input, output, frame, options.TempDirectory, options.Threads, cancellation, file);
            }
            catch
            {
                file?.Dispose();
                throw;
            }
            using (run) run.Run();
        }
        finally
        {
            // Not on the way out of a cancelled run: the process is about to exit, and Ctrl-C must be answered at once.
            if (!cancellation.IsCancellationRequested) MemoryRelease.Now();
        }
        return new StreamReport(true, plan.Bands, plan.SpillBytes) { PeakSpillBytes = plan.PeakSpillBytes, PlannedMemoryBytes = plan.PeakMemoryBytes };
    }

    /// <summary>
    /// What the whole-map run takes at this size: the network's activations, measured per pixel from the network
    /// itself, and the float copies of the input, the framed input and the cropped output.
    /// </summary>
    public static long WholeMapBytes(StyleNetwork network, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(network);
        return WholeMapBytes(network, height, width, Frame.For(height, width, network.Info));
    }

    private static long WholeMapBytes(StyleNetwork network, int height, int width, Frame frame)
    {
        double framed = (double)frame.Height * frame.Width, own = (double)height * width;
        double floats = network.ActivationFloatsPerPixel() * framed + 3 * own + (frame.Fits(height, width) ? 0 : 3 * framed + 3 * own);
        return (long)Math.Ceiling(sizeof(float) * floats);
    }

    private static StreamReport RunWhole(StyleNetwork network, StyleParameters style, IRowSource input, IRowSink output, int threads,
        CancellationToken cancellation)
    {
        var rgb = FeatureMap.Uninitialized(input.Height, input.Width, 3);
        input.ReadRows(0, input.Height, rgb.Span);
        cancellation.ThrowIfCancellationRequested();
        var result = Stylizer.Stylize(rgb, network, style, threads, cancellation);
        cancellation.ThrowIfCancellationRequested();
        output.WriteRows(0, result.Height, result.Span);
        return new StreamReport(false, 1, 0);
    }

    /// <summary>
    /// The plan a streamed run of this network at this input size would follow under these options; null when it would
    /// run whole maps, or when not even the smallest bands fit.
    /// </summary>
    internal static StreamPlan? PlanFor(StyleNetwork network, int height, int width, StreamOptions options)
    {
        try
        {
            return Decide(network, height, width, options)?.Plan;
        }
        catch (MemoryLimitException)
        {
            return null;
        }
    }

    /// <summary>
    /// How a run of this network at this input size goes under these options: null for whole maps, when they fit and
    /// no bands are forced; otherwise the frame, the schedule and the plan of the banded run. Throws
    /// <see cref="MemoryLimitException"/> when even the smallest bands do not fit.
    /// </summary>
    private static (Frame Frame, StreamSchedule Schedule, StreamPlan Plan)? Decide(StyleNetwork network, int height, int width,
        StreamOptions options)
    {
        var frame = Frame.For(height, width, network.Info);
        if (options.BandRows == null && WholeMapBytes(network, height, width, frame) <= options.MemoryBytes) return null;
        var schedule = StreamSchedule.For(network, frame.Height, frame.Width);
        var plan = StreamPlan.For(schedule, width, options.MemoryBytes, options.Threads, options.BandRows, network.Info.SizeMultiple);
        return (frame, schedule, plan);
    }

    /// <summary>Whether the temporary folder exists and has room for <paramref name="needed"/> bytes of spill.</summary>
    internal static bool HasSpace(StreamOptions options, long needed)
    {
        try
        {
            CheckSpace(options, needed);
            return true;
        }
        catch (Exception e) when (e is SpillSpaceException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private static void CheckSpace(StreamOptions options, long needed)
    {
        string directory = Path.GetFullPath(options.TempDirectory);
        if (!Directory.Exists(directory))
            throw new SpillSpaceException(directory, needed, 0);
        long available = (options.FreeSpace ?? FreeSpace)(directory);
        if (available < needed) throw new SpillSpaceException(directory, needed, available);
    }

    private static long FreeSpace(string directory) => new DriveInfo(directory).AvailableFreeSpace;
}
