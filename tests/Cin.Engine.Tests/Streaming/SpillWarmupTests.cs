using Cin.Engine.Network;
using Cin.Engine.Network.Streaming;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Streaming;

/// <summary>
/// The spill file made while a photo decodes: the run takes it when it is large enough and gives the same result, and
/// it leaves nothing behind whether taken, refused or dropped mid-write.
/// </summary>
public class SpillWarmupTests
{
    private static readonly Lazy<PaperNetwork> Paper = new(() => new PaperNetwork(RandomData.Uniform(7, PaperNetwork.WeightCount, -0.05f, 0.05f)));

    private const long Plenty = 1L << 40;

    private static StreamOptions Spilling(FeatureMap photo, string temp, int bandRows)
    {
        var frame = Frame.For(photo.Height, photo.Width, Paper.Value.Info);
        var schedule = StreamSchedule.For(Paper.Value, frame.Height, frame.Width);
        long least = StreamPlan.For(schedule, photo.Width, Plenty, 2, bandRows, Paper.Value.Info.SizeMultiple).WorkingBytes;
        return new StreamOptions(least, temp, Threads: 2) { BandRows = bandRows };
    }

    [Theory]
    [InlineData(61, 47, 4)]
    [InlineData(97, 53, 8)]
    public void The_run_takes_the_warm_file_and_gives_the_same_result(int height, int width, int bandRows)
    {
        var photo = new FeatureMap(height, width, 3, RandomData.Uniform(height + width, height * width * 3, 0, 1));
        var expected = Stylizer.Stylize(photo, Paper.Value, Paper.Value.Style(1), threads: 2);
        using var temp = new TempFolder();
        var options = Spilling(photo, temp.Path, bandRows);
        using (var warmup = SpillWarmup.Start(Paper.Value, height, width, options))
        {
            Assert.NotNull(warmup);
            var sink = new MapRowSink(height, width);
            var report = StreamedRun.Run(Paper.Value, Paper.Value.Style(1), new MapRowSource(photo), sink, options with { Warmup = warmup });
            Assert.True(warmup.Taken, "the run took the file made for it");
            Assert.Equal(warmup.Bytes, report.PeakSpillBytes);
            Assert.True(report.SpillBytes > 0);
            Assert.InRange(RandomData.MaxAbsDifference(expected.Span, sink.Map.Span), 0, 1e-4f);
        }
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_file_smaller_than_the_run_needs_is_not_taken()
    {
        var photo = new FeatureMap(61, 47, 3, RandomData.Uniform(5, 61 * 47 * 3, 0, 1));
        using var temp = new TempFolder();
        var options = Spilling(photo, temp.Path, 4);
        using var warmup = SpillWarmup.Start(Paper.Value, 61, 47, options)!;
        Assert.Null(warmup.Take(warmup.Bytes + 1));
        Assert.False(warmup.Taken);
        // Nor twice.
        Assert.NotNull(warmup.Take(warmup.Bytes));
        Assert.Null(warmup.Take(warmup.Bytes));
    }

    [Fact]
    public void No_file_is_made_for_a_run_that_spills_nothing_or_runs_whole_maps()
    {
        using var temp = new TempFolder();
        Assert.Null(SpillWarmup.Start(Paper.Value, 61, 47, new StreamOptions(Plenty, temp.Path, Threads: 2)));
        Assert.Null(SpillWarmup.Start(Paper.Value, 61, 47, new StreamOptions(Plenty, temp.Path, Threads: 2) { BandRows = 8 }));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_folder_without_room_gets_no_file_and_the_run_reports_it()
    {
        var photo = new FeatureMap(61, 47, 3, RandomData.Uniform(5, 61 * 47 * 3, 0, 1));
        using var temp = new TempFolder();
        var options = Spilling(photo, temp.Path, 4) with { FreeSpace = _ => 0 };
        Assert.Null(SpillWarmup.Start(Paper.Value, 61, 47, options));
        Assert.Throws<SpillSpaceException>(() =>
            StreamedRun.Run(Paper.Value, Paper.Value.Style(1), new MapRowSource(photo), new MapRowSink(61, 47), options));
    }

    [Fact]
    public void Dropped_while_writing_it_stops_and_leaves_nothing()
    {
        var photo = new FeatureMap(97, 53, 3, RandomData.Uniform(9, 97 * 53 * 3, 0, 1));
        using var temp = new TempFolder();
        var warmup = SpillWarmup.Start(Paper.Value, 97, 53, Spilling(photo, temp.Path, 8));
        Assert.NotNull(warmup);
        warmup.Dispose();
        warmup.Dispose();
        Assert.Null(warmup.Take(1));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
