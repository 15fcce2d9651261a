namespace Cin.Engine.Network.Streaming;

/// <summary>
/// How a streamed run fits its memory bound, decided before it starts: the band height, the floats each of its three
/// band buffers holds, and which maps stay in memory and which are spilled to disk.
/// </summary>
/// <param name="BandRows">Input rows per band, a multiple of the network's size multiple.</param>
/// <param name="InputFloats">The buffer a band's input rows are read into (and normalized in).</param>
/// <param name="OutputFloats">Each of the two buffers a layer writes a band's output into, in turn when it spills (pinned: the statistics keep rows by address).</param>
/// <param name="SourceFloats">The buffer the source's own rows are read into before framing.</param>
/// <param name="ScratchFloats">An upsampled copy of a band, for a direct convolution that upsamples (none in the shipped models).</param>
/// <param name="Spilled">Per map of the schedule, whether it goes to a spill file.</param>
internal sealed record StreamPlan(
    int BandRows,
    int Bands,
    long InputFloats,
    long OutputFloats,
    long SourceFloats,
    long ScratchFloats,
    IReadOnlyList<bool> Spilled,
    long WorkingBytes,
    long PeakMemoryBytes,
    long SpillBytes,
    long PeakSpillBytes)
{
    /// <summary>
    /// What the kernels take beside the band buffers, per thread and at least: staging rows, reflected strips, the
    /// statistics' per-region sums (Winograd's rings are counted per layer, <see cref="WinogradBytes"/>).
    /// </summary>
    internal const long KernelBytesPerThread = 1L << 20;

    internal const long FixedBytes = 4L << 20;

    /// <summary>
    /// A Winograd band's scratch on one thread, from the array pool, which rounds to powers of two and keeps what is
    /// returned: the ring of transformed tile rows and the row transforms, about 75 floats per tile and input
    /// channel across the map (see <see cref="Kernels.WinogradConv"/>), and the segment's products.
    /// </summary>
    private static long WinogradBytes(int width, int inChannels) => 2L * sizeof(float) * (75L * ((width + 2) / 3 + 3) * inChannels) + (1L << 20);

    /// <summary>
    /// The plan for bands of <paramref name="bandRows"/> input rows, or when null the tallest bands whose buffers take
    /// at most half of <paramref name="memoryBytes"/> (the other half for maps kept in memory), or failing that all of it.
    /// Throws <see cref="MemoryLimitException"/> when even the smallest bands do not fit.
    /// </summary>
    public static StreamPlan For(StreamSchedule schedule, int sourceWidth, long memoryBytes, int threads, int? bandRows, int multiple)
    {
        int height = schedule.Maps[0].Height;
        int tallest = (height + multiple - 1) / multiple * multiple;
        if (bandRows is { } forced)
        {
            if (forced < multiple || forced % multiple != 0)
                throw new ArgumentOutOfRangeException(nameof(bandRows), forced, $"Bands are a positive multiple of {multiple} rows.");
            var plan = Place(schedule, sourceWidth, Math.Min(forced, tallest), memoryBytes, threads);
            if (plan.WorkingBytes > memoryBytes) throw new MemoryLimitException(memoryBytes, plan.WorkingBytes);
            return plan;
        }
        var smallest = Place(schedule, sourceWidth, multiple, memoryBytes, threads);
        if (smallest.WorkingBytes > memoryBytes) throw new MemoryLimitException(memoryBytes, smallest.WorkingBytes);
        long target = smallest.WorkingBytes <= memoryBytes / 2 ? memoryBytes / 2 : memoryBytes;
        // The working set grows with the band height: the tallest that fits the target, by bisection over multiples.
        int low = 1, high = tallest / multiple;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (Working(schedule, sourceWidth, middle * multiple, threads).Bytes <= target) low = middle;
            else high = middle - 1;
        }
        return Place(schedule, sourceWidth, low * multiple, memoryBytes, threads);
    }

    private static StreamPlan Place(StreamSchedule schedule, int sourceWidth, int bandRows, long memoryBytes, int threads)
    {
        var working = Working(schedule, sourceWidth, bandRows, threads);
        // Maps stay in memory, in the order they are made, while they fit beside the band buffers; the rest spill.
        long room = memoryBytes - working.Bytes;
        var spilled = new bool[schedule.Maps.Count];
        var live = new bool[schedule.Maps.Count];
        long resident = 0, onDisk = 0, peakResident = 0, peakDisk = 0, spillBytes = 0;
        foreach (var op in schedule.Ops)
        {
            var map = schedule.Maps[op.Output];
            if (op.Kind == StreamOpKind.Convolve)
            {
                live[map.Id] = true;
                if (resident + map.Bytes <= room) resident += map.Bytes;
                else
                {
                    spilled[map.Id] = true;
                    onDisk += map.Bytes;
                    spillBytes += map.Bytes;
                }
            }
            else if (op.Kind == StreamOpKind.Release && live[map.Id])
            {
                live[map.Id] = false;
                if (spilled[map.Id]) onDisk -= map.Bytes;
                else resident -= map.Bytes;
            }
            peakResident = Math.Max(peakResident, resident);
            peakDisk = Math.Max(peakDisk, onDisk);
        }
        int bands = (schedule.Maps[0].Height + bandRows - 1) / bandRows;
        return new StreamPlan(bandRows, bands, working.Input, working.Output, working.Source, working.Scratch, spilled,
            working.Bytes, working.Bytes + peakResident, spillBytes, peakDisk);
    }

    private readonly record struct WorkingSet(long Input, long Output, long Source, long Scratch, long Bytes);

    /// <summary>The band buffers' sizes: the most any band of any step needs.</summary>
    private static WorkingSet Working(StreamSchedule schedule, int sourceWidth, int bandRows, int threads)
    {
        long input = 0, output = 0, source = 0, scratch = 0, perThread = KernelBytesPerThread;
        int bands = (schedule.Maps[0].Height + bandRows - 1) / bandRows;
        foreach (var op in schedule.Ops)
        {
            var from = schedule.Maps[op.Input];
            var to = schedule.Maps[op.Output];
            switch (op.Kind)
            {
                case StreamOpKind.Convolve:
                    var layer = op.Layer!;
                    if (layer.Algorithm == Kernels.ConvAlgorithm.Winograd)
                        perThread = Math.Max(perThread, WinogradBytes(from.Width, from.Channels));
                    // Bands are alike but for the first and last, which lack a halo on one side: the tallest of the
                    // first two and the last is the tallest of all.
                    foreach (int band in new[] { 0, Math.Min(1, bands - 1), bands - 1 })
                    {
                        var (start, end) = StreamSchedule.BandRows(to, band, bandRows);
                        if (end <= start) continue;
                        var (inputStart, inputEnd, _, outputCount) = StreamSchedule.LayerBand(layer, from.Height, start, end);
                        long rows = inputEnd - inputStart;
                        input = Math.Max(input, rows * from.RowLength);
                        output = Math.Max(output, (long)outputCount * to.RowLength);
                        if (from.Id == 0) source = Math.Max(source, rows * sourceWidth * 3);
                        if (layer.Upsample > 1 && layer.Algorithm == Kernels.ConvAlgorithm.Direct)
                            scratch = Math.Max(scratch, rows * layer.Upsample * layer.Upsample * from.RowLength);
                    }
                    break;
                case StreamOpKind.AddSkip:
                case StreamOpKind.Emit:
                    long bandFloats = (long)(bandRows / to.Scale) * to.RowLength;
                    input = Math.Max(input, bandFloats);
                    output = Math.Max(output, bandFloats);
                    break;
            }
        }
        // Two output buffers: a spilled band is written from one while the next is computed into the other.
        long bytes = sizeof(float) * (input + 2 * output + source + scratch) + FixedBytes + perThread * Math.Max(1, threads);
        return new WorkingSet(input, output, source, scratch, bytes);
    }
}
