using Cin.Engine.Network;
using Cin.Engine.Network.Streaming;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Streaming;

/// <summary>
/// The banded run against the whole-map run, on the test models with random weights: the tiny one (direct and
/// sub-pixel kernels, odd channel counts) and the paper's full-width one (Winograd). The real models are run the same
/// way in Cin.Network.Tests.
/// </summary>
public class StreamedRunTests
{
    private static readonly Lazy<TinyNetwork> Tiny = new(() => new TinyNetwork(RandomData.Uniform(42, TinyNetwork.WeightCount, -0.3f, 0.3f)));
    private static readonly Lazy<PaperNetwork> Paper = new(() => new PaperNetwork(RandomData.Uniform(7, PaperNetwork.WeightCount, -0.05f, 0.05f)));

    private const long Plenty = 1L << 40;

    private static FeatureMap Photo(int height, int width, int seed) =>
        new(height, width, 3, RandomData.Uniform(seed, height * width * 3, 0, 1));

    private static (FeatureMap Output, StreamReport Report) Stream(StyleNetwork network, FeatureMap photo, StreamOptions options,
        CancellationToken cancellation = default)
    {
        var sink = new MapRowSink(photo.Height, photo.Width);
        var report = StreamedRun.Run(network, network.Style(1), new MapRowSource(photo), sink, options, cancellation);
        Assert.True(sink.Complete);
        return (sink.Map, report);
    }

    [Theory]
    [InlineData(61, 47, 4)]   // one row per band at the coarsest level
    [InlineData(61, 47, 12)]  // does not divide the framed height (64)
    [InlineData(37, 101, 8)]
    [InlineData(37, 101, 28)] // frame of 40 rows: a short last band
    [InlineData(9, 30, 4)]    // the frame is mostly reflection
    [InlineData(64, 64, 64)]  // one band
    public void Tiny_bands_match_the_whole_map(int height, int width, int bandRows)
    {
        var photo = Photo(height, width, height * 1000 + width);
        var expected = Stylizer.Stylize(photo, Tiny.Value, Tiny.Value.Style(1), threads: 1);
        using var temp = new TempFolder();
        foreach (bool spill in new[] { false, true })
        {
            var options = new StreamOptions(spill ? 0 : Plenty, temp.Path, Threads: 2) { BandRows = bandRows };
            if (spill) options = options with { MemoryBytes = MinimumMemory(Tiny.Value, photo, bandRows, threads: 2) };
            var (output, report) = Stream(Tiny.Value, photo, options);
            Assert.True(report.Streamed);
            Assert.Equal((Frame.For(height, width, TinyNetwork.Model).Height + bandRows - 1) / bandRows, report.Bands);
            if (spill) Assert.True(report.SpillBytes > 0, "the smallest memory spills");
            else Assert.Equal(0, report.SpillBytes);
            Assert.InRange(RandomData.MaxAbsDifference(expected.Span, output.Span), 0, 1e-4f);
            Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        }
    }

    [Theory]
    [InlineData(61, 47, 4, 1)]
    [InlineData(37, 101, 12, 2)]
    public void Paper_bands_match_the_whole_map(int height, int width, int bandRows, int threads)
    {
        var photo = Photo(height, width, 3);
        var expected = Stylizer.Stylize(photo, Paper.Value, Paper.Value.Style(1), threads: 2);
        using var temp = new TempFolder();
        var options = new StreamOptions(MinimumMemory(Paper.Value, photo, bandRows, threads), temp.Path, threads) { BandRows = bandRows };
        var (output, report) = Stream(Paper.Value, photo, options);
        Assert.True(report.SpillBytes > 0);
        Assert.InRange(RandomData.MaxAbsDifference(expected.Span, output.Span), 0, 1e-4f);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Whole_maps_run_when_they_fit_and_bands_when_they_do_not()
    {
        // Large enough that the whole maps outweigh the band buffers' fixed part.
        var photo = Photo(601, 403, 5);
        using var temp = new TempFolder();
        long whole = StreamedRun.WholeMapBytes(Tiny.Value, 601, 403);
        // The activations alone are at least the first layer's output and the network's RGB output.
        Assert.True(whole >= 4L * 604 * 404 * (5 + 3), $"{whole} bytes");

        var (wholeOutput, wholeReport) = Stream(Tiny.Value, photo, new StreamOptions(whole, temp.Path));
        Assert.False(wholeReport.Streamed);

        var (bandOutput, bandReport) = Stream(Tiny.Value, photo, new StreamOptions(whole - 1, temp.Path));
        Assert.True(bandReport.Streamed);
        Assert.True(bandReport.PlannedMemoryBytes <= whole - 1, $"planned {bandReport.PlannedMemoryBytes}");
        Assert.InRange(RandomData.MaxAbsDifference(wholeOutput.Span, bandOutput.Span), 0, 1e-4f);
    }

    [Fact]
    public void Too_little_memory_for_the_smallest_bands_says_how_much_is_needed()
    {
        var photo = Photo(61, 47, 5);
        using var temp = new TempFolder();
        // Less than the whole maps and the smallest bands: refused, with the least that would do (every map spilled,
        // which needs no buffers to make one again).
        long leastSpilled = MinimumMemory(Tiny.Value, photo, TinyNetwork.SizeMultiple, recompute: false);
        var error = Assert.Throws<MemoryLimitException>(() => Stream(Tiny.Value, photo, new StreamOptions(1000, temp.Path)));
        Assert.Equal(leastSpilled, error.RequiredBytes);
        Assert.Equal(1000, error.LimitBytes);
        Assert.DoesNotContain('\n', error.Message);
        // Forced bands, which make maps again from the photo where they can: refused the same way.
        long least = MinimumMemory(Tiny.Value, photo, TinyNetwork.SizeMultiple);
        Assert.True(least > leastSpilled, "making a map again needs buffers of its own");
        var forced = new StreamOptions(least - 1, temp.Path) { BandRows = TinyNetwork.SizeMultiple };
        Assert.Equal(least, Assert.Throws<MemoryLimitException>(() => Stream(Tiny.Value, photo, forced)).RequiredBytes);
        // With exactly that much, it runs.
        var (_, report) = Stream(Tiny.Value, photo, forced with { MemoryBytes = least });
        Assert.Equal(64 / TinyNetwork.SizeMultiple, report.Bands);
    }

    [Fact]
    public void A_disk_too_small_for_the_spill_is_refused_before_anything_is_written()
    {
        var photo = Photo(61, 47, 5);
        using var temp = new TempFolder();
        var source = new MapRowSource(photo);
        long memory = MinimumMemory(Tiny.Value, photo, 8);
        string? asked = null;
        var options = new StreamOptions(memory, temp.Path) { BandRows = 8, FreeSpace = dir => { asked = dir; return 1000; } };
        var error = Assert.Throws<SpillSpaceException>(() =>
            StreamedRun.Run(Tiny.Value, Tiny.Value.Style(0), source, new MapRowSink(61, 47), options));
        Assert.Equal(Path.GetFullPath(temp.Path), asked);
        Assert.Equal(1000, error.AvailableBytes);
        Assert.True(error.NeededBytes > 1000);
        Assert.Contains(Path.GetFullPath(temp.Path), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0, source.Reads);

        // Enough space: the same run goes ahead.
        var enough = options with { FreeSpace = _ => error.NeededBytes };
        var report = StreamedRun.Run(Tiny.Value, Tiny.Value.Style(0), new MapRowSource(photo), new MapRowSink(61, 47), enough);
        Assert.Equal(error.NeededBytes, report.PeakSpillBytes);
    }

    [Fact]
    public void Memory_that_fits_every_map_spills_nothing_and_the_disk_is_not_asked()
    {
        var photo = Photo(37, 101, 5);
        using var temp = new TempFolder();
        var options = new StreamOptions(Plenty, temp.Path) { BandRows = 8, FreeSpace = _ => throw new InvalidOperationException("asked") };
        var (_, report) = Stream(Tiny.Value, photo, options);
        Assert.Equal(0, report.SpillBytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancelling_mid_run_stops_between_bands_and_leaves_no_spill_file(bool fromSink)
    {
        var photo = Photo(61, 47, 5);
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        // Spill files exist while the run is cancelled: the sink sees rows only after every layer has been spilled.
        int filesSeen = -1;
        var source = new MapRowSource(photo) { OnRead = reads => { if (!fromSink && reads == 1) cancel.Cancel(); } };
        var sink = new MapRowSink(61, 47)
        {
            OnWrite = writes =>
            {
                if (!fromSink || writes != 1) return;
                filesSeen = Directory.GetFiles(temp.Path).Length;
                cancel.Cancel();
            },
        };
        var options = new StreamOptions(MinimumMemory(Tiny.Value, photo, 8), temp.Path) { BandRows = 8 };
        Assert.ThrowsAny<OperationCanceledException>(() => StreamedRun.Run(Tiny.Value, Tiny.Value.Style(0), source, sink, options, cancel.Token));
        if (fromSink) Assert.Equal(1, sink.Writes);
        else Assert.Equal(1, source.Reads);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Illegal_band_heights_are_refused()
    {
        var photo = Photo(16, 16, 5);
        using var temp = new TempFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(Tiny.Value, photo, new StreamOptions(Plenty, temp.Path) { BandRows = 6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(Tiny.Value, photo, new StreamOptions(Plenty, temp.Path) { BandRows = 0 }));
    }

    [Fact]
    public void Maps_read_by_one_convolution_are_made_again_by_it_and_keep_the_map_they_are_made_from()
    {
        var frame = Frame.For(61, 47, TinyNetwork.Model);
        var schedule = StreamSchedule.For(Tiny.Value, frame.Height, frame.Width);
        var least = StreamPlan.For(schedule, 47, Plenty, 1, 8, TinyNetwork.SizeMultiple);
        var plan = StreamPlan.For(schedule, 47, least.WorkingBytes, 1, 8, TinyNetwork.SizeMultiple);
        Assert.True(plan.Recomputed[1], "the first layer's map is made again");
        Assert.False(plan.Spilled[1]);
        var again = Enumerable.Range(0, schedule.Maps.Count).Where(m => plan.Recomputed[m]).ToList();
        Assert.True(again.Count > 1, "maps made from stored maps are made again too");
        foreach (int map in again)
        {
            Assert.True(schedule.IsRecomputable(map));
            int source = schedule.Producer(map)!.Input;
            Assert.False(plan.Recomputed[source], "no map is made from one that is made again");
            // The map it is made from is given back no earlier than this map's own release.
            int release = Enumerable.Range(0, schedule.Ops.Count).Single(s => schedule.Ops[s].Kind == StreamOpKind.Release && schedule.Ops[s].Input == map);
            if (source != 0) Assert.True(plan.ReleaseSteps[source] >= release, $"map {source} is given back before map {map} is read");
        }
        // A residual sum is added into in place: never made again.
        Assert.All(schedule.Ops.Where(op => op.Kind == StreamOpKind.AddSkip), op => Assert.False(plan.Recomputed[op.Output]));
        Assert.True(plan.Spilled.Count(s => s) >= 2, "the rest spill");
        var roomy = StreamPlan.For(schedule, 47, Plenty, 1, 8, TinyNetwork.SizeMultiple);
        Assert.DoesNotContain(true, roomy.Recomputed);
        Assert.DoesNotContain(true, roomy.Spilled);
        Assert.True(roomy.Cost < plan.Cost, "making a map again and spilling cost more than keeping maps");
    }

    [Theory]
    [InlineData("tiny", 97, 53, 8)]
    [InlineData("tiny", 61, 47, 4)]
    [InlineData("paper", 97, 53, 8)]
    [InlineData("paper", 45, 31, 4)]
    public void Coarse_maps_get_taller_bands_in_the_same_buffers_and_stay_exact(string model, int height, int width, int bandRows)
    {
        StyleNetwork network = model == "tiny" ? Tiny.Value : Paper.Value;
        var photo = Photo(height, width, height + width);
        var frame = Frame.For(height, width, network.Info);
        var schedule = StreamSchedule.For(network, frame.Height, frame.Width);
        // The memory of uniform bands of bandRows input rows, every map spilled: the plan chooses its own bands in it.
        var uniform = StreamPlan.For(schedule, width, Plenty, 2, bandRows, network.Info.SizeMultiple);
        var plan = StreamPlan.For(schedule, width, uniform.WorkingBytes, 2, null, network.Info.SizeMultiple, recompute: true);
        Assert.Equal(uniform.BandRows, plan.BandRows);
        Assert.Equal(uniform.WorkingBytes, plan.WorkingBytes);
        // Uniform bands when forced; taller ones, from the same buffers, where the map is coarser than the input.
        Assert.All(schedule.Maps.Skip(1), m => Assert.Equal(bandRows / m.Scale, uniform.MapRows[m.Id]));
        Assert.All(schedule.Maps.Skip(1), m => Assert.InRange(plan.MapRows[m.Id], bandRows / m.Scale, m.Height));
        var coarse = schedule.Maps.Where(m => m.Scale > 1).ToList();
        Assert.Contains(coarse, m => plan.MapRows[m.Id] > bandRows / m.Scale);
        Assert.Contains(coarse, m => plan.BandsOf(m) > 1);
        // Rows per band differ between resolutions, and their bands do not line up with the input's.
        Assert.True(schedule.Maps.Skip(1).Select(m => plan.MapRows[m.Id] * m.Scale).Distinct().Count() > 1, "one band height for all");

        // The plan run as it is (at these sizes the whole maps would fit the memory, and StreamedRun would take them).
        Assert.True(plan.SpillBytes > 0, "the least memory spills");
        RunMatchesWholeMap(network, photo, schedule, plan, frame);
    }

    [Theory]
    [InlineData("tiny", 61, 47, 4)]
    [InlineData("tiny", 37, 101, 12)]
    [InlineData("paper", 45, 31, 4)]
    [InlineData("paper", 97, 53, 8)]
    public void Bands_with_every_map_spilled_and_none_made_again_match_the_whole_map(string model, int height, int width, int bandRows)
    {
        StyleNetwork network = model == "tiny" ? Tiny.Value : Paper.Value;
        var photo = Photo(height, width, 3 * height + width);
        var frame = Frame.For(height, width, network.Info);
        var schedule = StreamSchedule.For(network, frame.Height, frame.Width);
        var roomy = StreamPlan.For(schedule, width, Plenty, 2, bandRows, network.Info.SizeMultiple, recompute: false);
        var plan = StreamPlan.For(schedule, width, roomy.WorkingBytes, 2, bandRows, network.Info.SizeMultiple, recompute: false);
        Assert.DoesNotContain(true, plan.Recomputed);
        Assert.All(schedule.Maps.Skip(1), m => Assert.True(plan.Spilled[m.Id], $"map {m.Id} is not spilled"));
        RunMatchesWholeMap(network, photo, schedule, plan, frame);
    }

    /// <summary>The plan run as it is, on two threads, against the whole-map run: within 1e-4, and nothing left in the temp folder.</summary>
    private static void RunMatchesWholeMap(StyleNetwork network, FeatureMap photo, StreamSchedule schedule, StreamPlan plan, Frame frame)
    {
        var expected = Stylizer.Stylize(photo, network, network.Style(1), threads: 2);
        using var temp = new TempFolder();
        var sink = new MapRowSink(photo.Height, photo.Width);
        using (var run = new BandedRun(schedule, plan, network.Style(1), new MapRowSource(photo), sink, frame, temp.Path, 2, CancellationToken.None))
            run.Run();
        Assert.True(sink.Complete);
        Assert.InRange(RandomData.MaxAbsDifference(expected.Span, sink.Map.Span), 0, 1e-4f);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("tiny", 61, 47, 4)]
    [InlineData("paper", 97, 53, 8)]
    public void Spilled_maps_alive_together_get_separate_ranges_and_later_maps_reuse_them(string model, int height, int width, int bandRows)
    {
        StyleNetwork network = model == "tiny" ? Tiny.Value : Paper.Value;
        var frame = Frame.For(height, width, network.Info);
        var schedule = StreamSchedule.For(network, frame.Height, frame.Width);
        var plan = StreamPlan.For(schedule, width, Plenty, 2, bandRows, network.Info.SizeMultiple);
        plan = StreamPlan.For(schedule, width, plan.WorkingBytes, 2, bandRows, network.Info.SizeMultiple);
        var live = new List<StreamMap>();
        foreach (var op in schedule.Ops)
        {
            var map = schedule.Maps[op.Output];
            if (op.Kind == StreamOpKind.Convolve && plan.Spilled[map.Id])
            {
                long offset = plan.SpillOffsets[map.Id];
                Assert.InRange(offset + map.Bytes, map.Bytes, plan.PeakSpillBytes);
                foreach (var other in live)
                {
                    long start = plan.SpillOffsets[other.Id];
                    Assert.False(offset < start + other.Bytes && start < offset + map.Bytes, $"maps {map.Id} and {other.Id} overlap");
                }
                live.Add(map);
            }
            else if (op.Kind == StreamOpKind.Release)
            {
                live.RemoveAll(m => m.Id == map.Id);
            }
        }
        Assert.All(schedule.Maps.Where(m => !plan.Spilled[m.Id]), m => Assert.Equal(-1, plan.SpillOffsets[m.Id]));
        // Every map but the band buffers spills, and many are released before the last is made: the file is smaller.
        Assert.InRange(plan.PeakSpillBytes, 1, plan.SpillBytes * 3 / 4);
    }

    /// <summary>
    /// The least memory the plan accepts for bands of this height: every map but the band buffers spilled, or made again
    /// from the photo where it can be when <paramref name="recompute"/> (as forced bands do).
    /// </summary>
    private static long MinimumMemory(StyleNetwork network, FeatureMap photo, int bandRows, int threads = 1, bool recompute = true)
    {
        var frame = Frame.For(photo.Height, photo.Width, network.Info);
        var schedule = StreamSchedule.For(network, frame.Height, frame.Width);
        return StreamPlan.For(schedule, photo.Width, Plenty, threads, bandRows, network.Info.SizeMultiple, recompute).WorkingBytes;
    }
}
