namespace Cin.Engine.Network.Streaming;

/// <summary>
/// How a streamed run fits its memory bound, decided before it starts: the band height, the floats each of its three
/// band buffers holds, and which maps stay in memory and which are spilled to disk.
/// </summary>
/// <param name="BandRows">Input rows per band at full resolution, a multiple of the network's size multiple: it sizes the band buffers.</param>
/// <param name="Bands">Bands of <see cref="BandRows"/> over the input: the most any map is split into.</param>
/// <param name="InputFloats">The buffer a band's input rows are read into (and normalized in).</param>
/// <param name="OutputFloats">Each of the two buffers a layer writes a band's output into, in turn when it spills (pinned: the statistics keep rows by address).</param>
/// <param name="SourceFloats">The buffer the source's own rows are read into before framing.</param>
/// <param name="ScratchFloats">An upsampled copy of a band, for a direct convolution that upsamples (none in the shipped models).</param>
/// <param name="RecomputeInputFloats">The framed input rows for making a recomputed map's band again.</param>
/// <param name="RecomputeOutputFloats">A recomputed map's band, halo included, made again for its reader.</param>
/// <param name="Spilled">Per map of the schedule, whether it goes to the spill file.</param>
/// <param name="SpillOffsets">Per map, where in the spill file its rows begin (-1 for maps not spilled): see <see cref="SpillLayout"/>.</param>
/// <param name="Cost">
/// The plan's estimated work, in multiply-adds: every band's convolutions, halos and maps made again included, and
/// the spilled bytes at <see cref="SpillByteCost"/> each and the spill file's at <see cref="FreshSpillByteCost"/>; for
/// choosing between plans, not a time.
/// </param>
/// <param name="Recomputed">Per map, whether it is not stored but made again by its reader (<see cref="StreamSchedule.IsRecomputable"/>).</param>
/// <param name="ReleaseSteps">
/// Per map, the step of the schedule after which its store is given back: its own release, or, for a map another is
/// made again from, that map's release (<see cref="StreamSchedule.Ops"/>.Count for maps never stored).
/// </param>
/// <param name="MapRows">
/// Per map, its own rows per band: at least <see cref="BandRows"/> over its scale, and more where the layers that make
/// and finish the map still fit the band buffers with more (<see cref="Taller"/>). A quarter-resolution map of four
/// times the channels has rows as long as a full-resolution one, so it takes bands four times as tall in the same
/// buffers, and its halo and tile alignment weigh a quarter as much.
/// </param>
internal sealed record StreamPlan(
    int BandRows,
    int Bands,
    long InputFloats,
    long OutputFloats,
    long SourceFloats,
    long ScratchFloats,
    long RecomputeInputFloats,
    long RecomputeOutputFloats,
    IReadOnlyList<bool> Spilled,
    IReadOnlyList<long> SpillOffsets,
    IReadOnlyList<bool> Recomputed,
    IReadOnlyList<int> ReleaseSteps,
    IReadOnlyList<int> MapRows,
    long WorkingBytes,
    long PeakMemoryBytes,
    long SpillBytes,
    long PeakSpillBytes,
    double Cost)
{
    /// <summary>How many bands <paramref name="map"/> is made in.</summary>
    public int BandsOf(StreamMap map) => (map.Height + MapRows[map.Id] - 1) / MapRows[map.Id];

    /// <summary>Rows [start, end) of <paramref name="map"/> in its band <paramref name="band"/>.</summary>
    public (int Start, int End) BandOf(StreamMap map, int band) => Rows(map, band, MapRows[map.Id]);

    private static (int Start, int End) Rows(StreamMap map, int band, int rows)
    {
        long start = (long)band * rows;
        return ((int)Math.Min(start, map.Height), (int)Math.Min(start + rows, map.Height));
    }

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
    /// Spilling a byte, written over pages the spill file already has in the page cache and read back, costs about as
    /// long as this many multiply-adds: copies at 4 (write) and 14 GB/s (read) on the machine measured, against the
    /// direct kernels' 20 to 30 GMAC/s on two threads (Winograd's count as their multiplies, <see cref="MultiplyAdds"/>).
    /// Only the balance matters: taller bands (less halo computed twice) against more maps in memory (less spilled),
    /// and a map made again from the photo against the same map spilled.
    /// </summary>
    internal const double SpillByteCost = 8;

    /// <summary>
    /// What a byte of the spill file costs beyond that the first time it is written: a fresh page-cache page, at 0.3 to
    /// 2 GB/s there (see <see cref="SpillLayout"/>).
    /// </summary>
    internal const double FreshSpillByteCost = 40;

    /// <summary>
    /// What one band of one layer costs beyond its arithmetic, in multiply-adds: waking the threads, the kernels' own
    /// split of a short band (Winograd transforms tile rows beyond each of its pieces), reading the band. Measured
    /// as about a millisecond per band and layer at 3000 pixels across.
    /// </summary>
    internal const double BandCostPerPixelAcross = 1e4;

    /// <summary>
    /// The plan for bands of <paramref name="bandRows"/> input rows, or when null the cheapest of a few splits of
    /// <paramref name="memoryBytes"/> between band buffers and maps kept in memory (<see cref="Cost"/>), each with the
    /// tallest bands its share allows; and of the largest maps that can be made again by their reader
    /// (<see cref="StreamSchedule.IsRecomputable"/>), those whose making again costs less than storing them. Throws
    /// <see cref="MemoryLimitException"/> when even the smallest bands do not fit.
    /// </summary>
    /// <param name="recompute">Forces every map that can be made again to be (true) or none (false); null lets the plan choose (tests force it).</param>
    public static StreamPlan For(StreamSchedule schedule, int sourceWidth, long memoryBytes, int threads, int? bandRows, int multiple,
        bool? recompute = null)
    {
        int height = schedule.Maps[0].Height;
        int tallest = (height + multiple - 1) / multiple * multiple;
        if (bandRows is { } forced)
        {
            if (forced < multiple || forced % multiple != 0)
                throw new ArgumentOutOfRangeException(nameof(bandRows), forced, $"Bands are a positive multiple of {multiple} rows.");
            var all = recompute == false ? new HashSet<int>() : Candidates(schedule, int.MaxValue);
            var plan = Place(schedule, sourceWidth, Math.Min(forced, tallest), memoryBytes, threads, all, uniform: true);
            if (plan.WorkingBytes > memoryBytes) throw new MemoryLimitException(memoryBytes, plan.WorkingBytes);
            return plan;
        }
        StreamPlan? best = null, smallest = null;
        void Consider(HashSet<int> again)
        {
            var least = Place(schedule, sourceWidth, multiple, memoryBytes, threads, again);
            if (smallest == null || least.WorkingBytes < smallest.WorkingBytes) smallest = least;
            if (least.WorkingBytes > memoryBytes) return;
            var plan = Tallest(schedule, sourceWidth, memoryBytes, threads, multiple, tallest, least, again);
            if (best == null || plan.Cost < best.Cost) best = plan;
        }
        if (recompute is { } every)
        {
            Consider(every ? Candidates(schedule, int.MaxValue) : []);
        }
        else
        {
            // Every subset of the largest few: making one map again may only pay together with another, when the
            // spill file's size is set by two pairs of maps alive at once (paintings40's first two and last two).
            var candidates = Candidates(schedule, MostCandidates).ToList();
            for (int subset = 0; subset < 1 << candidates.Count; subset++)
                Consider(candidates.Where((_, i) => (subset >> i & 1) == 1).ToHashSet());
        }
        return best ?? throw new MemoryLimitException(memoryBytes, smallest!.WorkingBytes);
    }

    /// <summary>How many of the largest maps that can be made again the plan weighs: a plan search for each subset.</summary>
    private const int MostCandidates = 3;

    /// <summary>
    /// The maps that can be made again, largest first (at most <paramref name="most"/>), with none made from another
    /// that is made again: a map's maker reads a stored map or the photo.
    /// </summary>
    private static HashSet<int> Candidates(StreamSchedule schedule, int most)
    {
        var chosen = new HashSet<int>();
        foreach (var map in schedule.Maps.Where(m => schedule.IsRecomputable(m.Id)).OrderByDescending(m => m.Bytes).ThenBy(m => m.Id))
        {
            if (chosen.Count == most) break;
            if (CanJoin(schedule, chosen, map.Id)) chosen.Add(map.Id);
        }
        return chosen;
    }

    /// <summary>Whether <paramref name="map"/> can be made again beside <paramref name="chosen"/>: neither is made from the other.</summary>
    private static bool CanJoin(StreamSchedule schedule, HashSet<int> chosen, int map) =>
        !chosen.Contains(schedule.Producer(map)!.Input) && !chosen.Any(other => schedule.Producer(other)!.Input == map);

    /// <summary>The cheapest of a few splits of the memory between band buffers and maps kept, each with the tallest bands it allows.</summary>
    private static StreamPlan Tallest(StreamSchedule schedule, int sourceWidth, long memoryBytes, int threads, int multiple, int tallest,
        StreamPlan smallest, HashSet<int> recompute)
    {
        StreamPlan? best = null;
        foreach (double share in new[] { 0.25, 0.5, 0.75, 1.0 })
        {
            long target = (long)(memoryBytes * share);
            if (target < smallest.WorkingBytes) continue;
            // The working set grows with the band height: the tallest that fits the share, by bisection over multiples.
            int low = 1, high = tallest / multiple;
            while (low < high)
            {
                int middle = (low + high + 1) / 2;
                if (Working(schedule, sourceWidth, middle * multiple, threads, recompute).Bytes <= target) low = middle;
                else high = middle - 1;
            }
            var plan = Place(schedule, sourceWidth, low * multiple, memoryBytes, threads, recompute);
            if (best == null || plan.Cost < best.Cost) best = plan;
        }
        return best ?? smallest;
    }

    private static StreamPlan Place(StreamSchedule schedule, int sourceWidth, int bandRows, long memoryBytes, int threads,
        HashSet<int> recompute, bool uniform = false)
    {
        var working = Working(schedule, sourceWidth, bandRows, threads, recompute);
        var mapRows = new int[schedule.Maps.Count];
        for (int m = 0; m < mapRows.Length; m++)
        {
            var map = schedule.Maps[m];
            mapRows[m] = uniform || m == 0 ? bandRows / map.Scale : Taller(schedule, sourceWidth, map, bandRows / map.Scale, working.Needs, recompute);
        }
        // Maps stay in memory, in the order they are made, while they fit beside the band buffers; the rest are
        // made again by their reader where the plan chose to, and spilled otherwise. A map made again keeps the map it
        // is made from until its own reader is done.
        long room = memoryBytes - working.Bytes;
        var spilled = new bool[schedule.Maps.Count];
        var recomputed = new bool[schedule.Maps.Count];
        var live = new bool[schedule.Maps.Count];
        var made = new int[schedule.Maps.Count];
        var released = new int[schedule.Maps.Count];
        Array.Fill(released, schedule.Ops.Count);
        long resident = 0, peakResident = 0, spillBytes = 0;
        var dropped = new bool[schedule.Maps.Count];
        var keptFor = new int[schedule.Maps.Count];
        Array.Fill(keptFor, -1);
        void Release(int id, int step)
        {
            if (!live[id]) return;
            live[id] = false;
            released[id] = step;
            if (!spilled[id]) resident -= schedule.Maps[id].Bytes;
        }
        for (int step = 0; step < schedule.Ops.Count; step++)
        {
            var op = schedule.Ops[step];
            var map = schedule.Maps[op.Output];
            if (op.Kind == StreamOpKind.Convolve)
            {
                live[map.Id] = true;
                made[map.Id] = step;
                if (resident + map.Bytes <= room) resident += map.Bytes;
                else if (recompute.Contains(map.Id))
                {
                    recomputed[map.Id] = true;
                    live[map.Id] = false;
                    keptFor[op.Input] = map.Id;
                }
                else
                {
                    spilled[map.Id] = true;
                    spillBytes += map.Bytes;
                }
            }
            else if (op.Kind == StreamOpKind.Release)
            {
                // A map is given back at its own release, unless a map made again from it is still to be read; then
                // at that map's release, if its own has passed by then.
                dropped[map.Id] = true;
                if (keptFor[map.Id] < 0) Release(map.Id, step);
                for (int source = 0; source < keptFor.Length; source++)
                {
                    if (keptFor[source] != map.Id) continue;
                    keptFor[source] = -1;
                    if (dropped[source]) Release(source, step);
                }
            }
            peakResident = Math.Max(peakResident, resident);
        }
        var (placed, fileBytes) = SpillLayout.Place(schedule.Maps.Where(m => spilled[m.Id])
            .Select(m => new SpillLayout.Lifetime(m.Id, m.Bytes, made[m.Id], released[m.Id])).ToList());
        var offsets = schedule.Maps.Select(m => placed.TryGetValue(m.Id, out long at) ? at : -1L).ToArray();
        int bands = (schedule.Maps[0].Height + bandRows - 1) / bandRows;
        double cost = SpillByteCost * spillBytes + FreshSpillByteCost * fileBytes;
        foreach (var op in schedule.Ops)
        {
            if (op.Kind != StreamOpKind.Convolve) continue;
            var from = schedule.Maps[op.Input];
            var to = schedule.Maps[op.Output];
            var producer = recomputed[from.Id] ? schedule.Producer(from.Id) : null;
            for (int band = 0; band * mapRows[to.Id] < to.Height; band++)
            {
                var (start, end) = Rows(to, band, mapRows[to.Id]);
                if (end <= start) continue;
                var (inputStart, inputEnd, _, outputCount) = StreamSchedule.LayerBand(op.Layer!, from.Height, start, end);
                cost += MultiplyAdds(op.Layer!, outputCount, to.Width) + BandCostPerPixelAcross * to.Width * to.Scale;
                if (producer != null)
                {
                    var again = StreamSchedule.LayerBand(producer.Layer!, schedule.Maps[producer.Input].Height, inputStart, inputEnd);
                    cost += MultiplyAdds(producer.Layer!, again.OutputCount, from.Width);
                }
            }
        }
        return new StreamPlan(bandRows, bands, working.Input, working.Output, working.Source, working.Scratch,
            working.RecomputeInput, working.RecomputeOutput, spilled, offsets, recomputed, released, mapRows,
            working.Bytes, working.Bytes + peakResident, spillBytes, fileBytes, cost);
    }

    /// <summary>
    /// The multiply-adds a layer's kernel does for these output rows: the direct count, scaled by what its algorithm
    /// spares (Winograd F(3x3, 3x3) multiplies 25 times per 3x3 tile and tap block where direct does 81; the sub-pixel
    /// convolution of an upsampled map, 4 taps of the 9), so that making a map again is priced as it runs.
    /// </summary>
    private static double MultiplyAdds(ConvLayer layer, int rows, int width)
    {
        double direct = (double)rows * width * layer.Kernel * layer.Kernel * layer.InChannels * layer.OutChannels;
        return layer.Algorithm switch
        {
            Kernels.ConvAlgorithm.Winograd => direct * 25 / 81,
            Kernels.ConvAlgorithm.SubPixel => direct * 4 / 9,
            _ => direct,
        };
    }

    /// <summary>
    /// The tallest bands of <paramref name="map"/>, from <paramref name="least"/> of its rows up, for which every step
    /// that makes or finishes it needs no buffer larger than <paramref name="buffers"/> (those of the full-resolution
    /// bands): taller bands at no more memory.
    /// </summary>
    private static int Taller(StreamSchedule schedule, int sourceWidth, StreamMap map, int least, Needs buffers, HashSet<int> recompute)
    {
        bool Fits(int rows)
        {
            foreach (var op in schedule.Ops)
                if (op.Kind != StreamOpKind.Release && op.Output == map.Id && !Need(schedule, sourceWidth, op, rows, recompute).FitsIn(buffers))
                    return false;
            return true;
        }
        int low = least, high = Math.Max(least, map.Height);
        while (low < high)
        {
            int middle = low + (high - low + 1) / 2;
            if (Fits(middle)) low = middle;
            else high = middle - 1;
        }
        // Clamped halos near the map's edges can make a taller band need less: step down to one that surely fits.
        while (low > least && !Fits(low)) low--;
        return low;
    }

    /// <summary>The floats of each band buffer one step needs, in its largest band.</summary>
    private readonly record struct Needs(long Input, long Output, long Source, long Scratch, long RecomputeInput, long RecomputeOutput)
    {
        public Needs Max(Needs other) => new(Math.Max(Input, other.Input), Math.Max(Output, other.Output), Math.Max(Source, other.Source),
            Math.Max(Scratch, other.Scratch), Math.Max(RecomputeInput, other.RecomputeInput), Math.Max(RecomputeOutput, other.RecomputeOutput));

        public bool FitsIn(Needs buffers) => Input <= buffers.Input && Output <= buffers.Output && Source <= buffers.Source
            && Scratch <= buffers.Scratch && RecomputeInput <= buffers.RecomputeInput && RecomputeOutput <= buffers.RecomputeOutput;
    }

    private readonly record struct WorkingSet(Needs Needs, long Bytes)
    {
        public long Input => Needs.Input;
        public long Output => Needs.Output;
        public long Source => Needs.Source;
        public long Scratch => Needs.Scratch;
        public long RecomputeInput => Needs.RecomputeInput;
        public long RecomputeOutput => Needs.RecomputeOutput;
    }

    /// <summary>The band buffers' sizes for bands of <paramref name="bandRows"/> input rows: the most any band of any step needs.</summary>
    private static WorkingSet Working(StreamSchedule schedule, int sourceWidth, int bandRows, int threads, HashSet<int> recompute)
    {
        var needs = new Needs();
        long perThread = KernelBytesPerThread;
        foreach (var op in schedule.Ops)
        {
            if (op.Kind == StreamOpKind.Release) continue;
            var to = schedule.Maps[op.Output];
            needs = needs.Max(Need(schedule, sourceWidth, op, bandRows / to.Scale, recompute));
            if (op.Kind == StreamOpKind.Convolve && op.Layer!.Algorithm == Kernels.ConvAlgorithm.Winograd)
                perThread = Math.Max(perThread, WinogradBytes(schedule.Maps[op.Input].Width, schedule.Maps[op.Input].Channels));
        }
        // Two output buffers: a spilled band is written from one while the next is computed into the other.
        long bytes = sizeof(float) * (needs.Input + 2 * needs.Output + needs.Source + needs.Scratch + needs.RecomputeInput + needs.RecomputeOutput)
            + FixedBytes + perThread * Math.Max(1, threads);
        return new WorkingSet(needs, bytes);
    }

    /// <summary>What one step needs of each band buffer over bands of <paramref name="rows"/> rows of its output map.</summary>
    private static Needs Need(StreamSchedule schedule, int sourceWidth, StreamOp op, int rows, HashSet<int> recompute)
    {
        long input = 0, output = 0, source = 0, scratch = 0, recomputeInput = 0, recomputeOutput = 0;
        var from = schedule.Maps[op.Input];
        var to = schedule.Maps[op.Output];
        switch (op.Kind)
        {
            case StreamOpKind.Convolve:
                var layer = op.Layer!;
                // Bands near the edges have clamped halos, which may reach further than one band: all are looked at.
                var producer = recompute.Contains(from.Id) ? schedule.Producer(from.Id) : null;
                for (int band = 0; band * rows < to.Height; band++)
                {
                    var (start, end) = Rows(to, band, rows);
                    var (inputStart, inputEnd, _, outputCount) = StreamSchedule.LayerBand(layer, from.Height, start, end);
                    long inputRows = inputEnd - inputStart;
                    input = Math.Max(input, inputRows * from.RowLength);
                    output = Math.Max(output, (long)outputCount * to.RowLength);
                    if (from.Id == 0) source = Math.Max(source, inputRows * sourceWidth * 3);
                    // A map that may be made again is counted as if it will be: its band, and the input rows for it.
                    if (producer != null)
                    {
                        var origin = schedule.Maps[producer.Input];
                        var again = StreamSchedule.LayerBand(producer.Layer!, origin.Height, inputStart, inputEnd);
                        long againRows = again.InputEnd - again.InputStart;
                        recomputeInput = Math.Max(recomputeInput, againRows * origin.RowLength);
                        recomputeOutput = Math.Max(recomputeOutput, (long)again.OutputCount * from.RowLength);
                        // The reader convolves the band as made, halo and all.
                        output = Math.Max(output, (long)layer.OutputSize(again.OutputCount) * to.RowLength);
                        if (origin.Id == 0) source = Math.Max(source, againRows * sourceWidth * 3);
                    }
                    if (layer.Upsample > 1 && layer.Algorithm == Kernels.ConvAlgorithm.Direct)
                        scratch = Math.Max(scratch, inputRows * layer.Upsample * layer.Upsample * from.RowLength);
                }
                break;
            case StreamOpKind.AddSkip:
            case StreamOpKind.Emit:
                long bandFloats = (long)Math.Min(rows, to.Height) * to.RowLength;
                input = Math.Max(input, bandFloats);
                output = Math.Max(output, bandFloats);
                break;
        }
        return new Needs(input, output, source, scratch, recomputeInput, recomputeOutput);
    }
}
