using Cin.Engine.Imaging;
using Cin.Engine.Kernels;
using Cin.Engine.Network;
using Cin.Engine.Network.Streaming;
using Cin.Engine.Photos;
using Cin.Engine.Tests.Reference;
using Cin.Engine.Tests.Streaming;
using Cin.TestSupport;

namespace Cin.Engine.Tests;

/// <summary>
/// Cancellation reaches a run inside its layers, as a Ctrl-C arrives: from another thread while the run is under way.
/// Every loop of <see cref="RowParallel"/> stops within a row per thread, a kernel's long band on a pool thread sees
/// it, a whole-map pass stops at the next layer and a banded one in the band in progress, an encoder at its next
/// write; and nothing is left behind: no output, no temporary output, no spill file.
/// </summary>
public sealed class CancellationTests : IDisposable
{
    private static readonly Lazy<PaperNetwork> Paper = new(() => new PaperNetwork(RandomData.Uniform(7, PaperNetwork.WeightCount, -0.05f, 0.05f)));

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Cancels on another thread, as a signal handler does, and returns once it has.</summary>
    private static void CancelFromAnotherThread(CancellationTokenSource source) => Task.Run(source.Cancel).Wait();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_loop_starts_at_most_one_row_per_thread_after_the_cancellation(int threads)
    {
        using var cancel = new CancellationTokenSource();
        const int rows = 100_000;
        int started = 0, startedAfter = 0, cancelled = 0;
        using (RowParallel.Cancellable(cancel.Token))
        {
            Assert.Throws<OperationCanceledException>(() => RowParallel.For(rows, threads, _ =>
            {
                if (Volatile.Read(ref cancelled) != 0) Interlocked.Increment(ref startedAfter);
                if (Interlocked.Increment(ref started) != 100) return;
                CancelFromAnotherThread(cancel);
                Volatile.Write(ref cancelled, 1);
            }));
        }
        // Each other thread may have been past its check, and into its row, when the flag was set. (Before it, while
        // the cancellation was on its way, they went on as they should.)
        Assert.InRange(startedAfter, 0, threads - 1);
        Assert.InRange(started, 100, rows - 1);
    }

    [Fact]
    public void A_band_on_a_pool_thread_sees_the_cancellation_and_the_loop_throws_one_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        using var together = new Barrier(2);
        int caller = Environment.CurrentManagedThreadId;
        var threadOf = new int[2];
        int passed = 0;
        using (RowParallel.Cancellable(cancel.Token))
        {
            // Two bands at once (a guard, not a time limit, keeps a starved pool from hanging the test): one of them
            // is on a pool thread, which must see the token that only the calling thread was given.
            Assert.Throws<OperationCanceledException>(() => RowParallel.For(2, 2, band =>
            {
                threadOf[band] = Environment.CurrentManagedThreadId;
                if (!together.SignalAndWait(TimeSpan.FromMinutes(2))) throw new TimeoutException("the two bands never ran together");
                if (band == 0) CancelFromAnotherThread(cancel);
                if (!together.SignalAndWait(TimeSpan.FromMinutes(2))) throw new TimeoutException("the two bands never ran together");
                RowParallel.ThrowIfCancellationRequested();
                Interlocked.Increment(ref passed);
            }));
        }
        Assert.Equal(0, passed);
        Assert.Contains(threadOf, id => id != caller);
    }

    [Fact]
    public void Loops_outside_the_scope_and_inner_scopes_without_a_token_keep_the_outer_rule()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using (RowParallel.Cancellable(cancel.Token))
        {
            // An inner call given no token (a network run inside a photo's) stays under the photo's.
            using (RowParallel.Cancellable(CancellationToken.None))
                Assert.Throws<OperationCanceledException>(() => RowParallel.For(10, 2, _ => { }));
            Assert.Throws<OperationCanceledException>(RowParallel.ThrowIfCancellationRequested);
        }
        int rows = 0;
        RowParallel.For(10, 2, _ => Interlocked.Increment(ref rows));
        RowParallel.ThrowIfCancellationRequested();
        Assert.Equal(10, rows);
    }

    [Fact]
    public void A_whole_map_pass_stops_at_the_next_layer_and_the_network_runs_as_before_after_it()
    {
        var network = Paper.Value;
        var frame = Frame.For(61, 47, network.Info);
        var photo = new FeatureMap(frame.Height, frame.Width, 3, RandomData.Uniform(3, frame.Height * frame.Width * 3, 0, 1));
        var style = network.Style(1);
        var expected = network.Run(photo, style, threads: 2);

        using var cancel = new CancellationTokenSource();
        var filter = new CancelAt(norm: 0, cancel);
        Assert.Throws<OperationCanceledException>(() => network.Run(photo, style, threads: 2, filter, cancel.Token));
        // The first layer's statistics were the last gathered: the second layer was given up before its convolution was done.
        Assert.Equal([0], filter.Seen);

        var again = network.Run(photo, style, threads: 2);
        Assert.Equal(0, RandomData.MaxAbsDifference(expected.Span, again.Span));
    }

    [Fact]
    public void A_banded_run_gives_up_the_band_in_progress_and_leaves_no_spill_file()
    {
        var network = Paper.Value;
        var photo = new FeatureMap(61, 47, 3, RandomData.Uniform(5, 61 * 47 * 3, 0, 1));
        var frame = Frame.For(photo.Height, photo.Width, network.Info);
        var plan = StreamPlan.For(StreamSchedule.For(network, frame.Height, frame.Width), photo.Width, 1L << 40, 2, 4, network.Info.SizeMultiple);
        var options = new StreamOptions(plan.WorkingBytes, _folder.Path, Threads: 2) { BandRows = 4 };
        // A run to the end first, to count its reads of the source (the first layer's, and those of the layer that
        // makes the first map again band by band): the cancellation comes at the middle one.
        // (MapRowSource counts its reads only when it has a callback.)
        var counting = new MapRowSource(photo) { OnRead = _ => { } };
        var report = StreamedRun.Run(network, network.Style(0), counting, new MapRowSink(photo.Height, photo.Width), options);
        Assert.True(report.SpillBytes > 0, "the smallest memory spills");
        int middle = counting.Reads / 2;
        Assert.True(middle > 1, $"{counting.Reads} reads");

        using var cancel = new CancellationTokenSource();
        var source = new MapRowSource(photo) { OnRead = reads => { if (reads == middle) CancelFromAnotherThread(cancel); } };
        var sink = new MapRowSink(photo.Height, photo.Width);

        Assert.Throws<OperationCanceledException>(() => StreamedRun.Run(network, network.Style(0), source, sink, options, cancel.Token));
        // No band was read after the one in progress, and the last layer never reached the sink.
        Assert.Equal(middle, source.Reads);
        Assert.Equal(0, sink.Writes);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Theory]
    [InlineData("out.png")]
    [InlineData("out.jpg")]
    public void A_photo_cancelled_inside_the_network_leaves_no_output_and_no_temporary_file(string name)
    {
        string input = _folder.File("in.png"), output = _folder.File(name);
        using (var image = TestImages.Gradient(67, 45)) SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, input);
        using var cancel = new CancellationTokenSource();
        var network = new CancellingNetwork(Paper.Value, cancel);
        string spill = Directory.CreateDirectory(_folder.File("spill")).FullName;
        var options = new PhotoOptions(Threads: 2) { TempDirectory = spill };

        Assert.Throws<OperationCanceledException>(() => PhotoStylizer.StylizeFile(input, output, network, network.Style(0), options, cancel.Token));
        Assert.Equal(1, network.Runs);
        Assert.False(File.Exists(output));
        Assert.Empty(_folder.TempFiles());
        Assert.Empty(Directory.GetFileSystemEntries(spill));
    }

    [Fact]
    public void An_encoder_is_abandoned_at_its_next_write_and_leaves_nothing()
    {
        string path = _folder.File("out.png");
        using var cancel = new CancellationTokenSource();
        bool wroteAfter = false, seekable = false;
        Assert.Throws<OperationCanceledException>(() => AtomicFile.Write(path, overwrite: false, stream =>
        {
            // Seekable, or ImageSharp would encode the whole file into memory first.
            seekable = stream.CanSeek;
            stream.Write(new byte[4096]);
            CancelFromAnotherThread(cancel);
            stream.Write(new byte[4096]);
            wroteAfter = true;
        }, cancel.Token));
        Assert.True(seekable);
        Assert.False(wroteAfter);
        Assert.False(File.Exists(path));
        Assert.Empty(_folder.TempFiles());
    }

    /// <summary>Cancels, from another thread, when the norm numbered <paramref name="norm"/> has its statistics.</summary>
    private sealed class CancelAt(int norm, CancellationTokenSource cancel) : IStatisticsFilter
    {
        public List<int> Seen { get; } = [];

        public void Filter(int index, ChannelStatistics statistics)
        {
            Seen.Add(index);
            if (index == norm) CancelFromAnotherThread(cancel);
        }
    }

    /// <summary>A network that, as its whole-map pass begins, has the run cancelled from another thread.</summary>
    private sealed class CancellingNetwork(StyleNetwork inner, CancellationTokenSource cancel) : WrappedNetwork(inner)
    {
        public int Runs { get; private set; }

        protected override FeatureMap Forward(FeatureMap rgb, StyleParameters style, RunContext run)
        {
            if (run.Rehearsal) return Inner.Run(rgb, Inner.Style(0), run.Threads);
            Runs++;
            CancelFromAnotherThread(cancel);
            // Given no token itself, the inner pass is under the photo's (RowParallel.Cancellable).
            return Inner.Run(rgb, style, run.Threads);
        }
    }
}

/// <summary>Tests that must run alone: what they do reaches every write in the process.</summary>
[CollectionDefinition(nameof(AloneInProcess), DisableParallelization = true)]
public sealed class AloneInProcess;

/// <summary>
/// <see cref="AtomicFile.DeleteUnfinished"/>, for a process that ends without waiting for an encoder that does not look
/// up: the temporary file of a write in progress goes, and the destination never appears.
/// </summary>
[Collection(nameof(AloneInProcess))]
public sealed class UnfinishedWriteTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_temporary_file_of_a_write_in_progress_is_deleted_and_its_destination_never_appears()
    {
        string path = _folder.File("out.png");
        int deleted = -1;
        string[] during = [];
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, overwrite: false, stream =>
        {
            stream.Write("half a picture"u8);
            deleted = AtomicFile.DeleteUnfinished();
            during = _folder.TempFiles();
        }));
        Assert.Equal(1, deleted);
        Assert.Empty(during);
        Assert.False(File.Exists(path));
        Assert.Equal(0, AtomicFile.DeleteUnfinished());
    }
}
