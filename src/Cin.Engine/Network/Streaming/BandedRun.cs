using System.Runtime.InteropServices;
using Cin.Engine.Kernels;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Runs a <see cref="StreamSchedule"/> under a <see cref="StreamPlan"/>: each layer over every band in turn, reading
/// its input rows with their halo through the previous layer's norm (whose statistics are complete by then), running
/// the layer's own kernel on the band, and storing the rows that did not depend on the band's edges, before its norm,
/// while their statistics are gathered. Every store is disposed, and the spill file deleted, on every way out.
/// </summary>
internal sealed class BandedRun : IDisposable
{
    private readonly StreamSchedule _schedule;
    private readonly StreamPlan _plan;
    private readonly StyleParameters _style;
    private readonly FramedSource _source;
    private readonly IRowSource _rowSource;
    private readonly IRowSink _sink;
    private readonly Frame _frame;
    private readonly string _tempDirectory;
    private readonly int _threads;
    private readonly CancellationToken _cancellation;

    private readonly MapStore?[] _stores;
    // Every spilled map's range, made with the first of them (null until then, and when nothing spills).
    private SpillFile? _spillFile;
    private readonly NativeBlockPool _blocks;
    // The norm (and activation) a map's stored rows still need when read; null once the rows are final.
    private readonly DeferredNorm?[] _norms;
    private readonly float[] _input;
    private readonly float[] _output;
    // The second output buffer, for writing a spilled band behind the next (null when nothing spills).
    private readonly float[]? _spare;
    private readonly float[] _sourceRows;
    private readonly float[]? _recomputeInput;
    private readonly float[]? _recomputeOutput;

    public BandedRun(StreamSchedule schedule, StreamPlan plan, StyleParameters style, IRowSource source, IRowSink sink,
        Frame frame, string tempDirectory, int threads, CancellationToken cancellation, SpillFile? spillFile = null)
    {
        _spillFile = spillFile;
        _schedule = schedule;
        _plan = plan;
        _style = style;
        _rowSource = source;
        _source = new FramedSource(source, frame);
        _sink = sink;
        _frame = frame;
        _tempDirectory = tempDirectory;
        _threads = Math.Max(1, threads);
        _cancellation = cancellation;
        _stores = new MapStore?[schedule.Maps.Count];
        _blocks = new NativeBlockPool(plan.PeakMemoryBytes - plan.WorkingBytes);
        _norms = new DeferredNorm?[schedule.Maps.Count];
        _input = GC.AllocateUninitializedArray<float>(checked((int)plan.InputFloats));
        _output = GC.AllocateUninitializedArray<float>(checked((int)plan.OutputFloats), pinned: true);
        if (plan.SpillBytes > 0) _spare = GC.AllocateUninitializedArray<float>(checked((int)plan.OutputFloats), pinned: true);
        _sourceRows = GC.AllocateUninitializedArray<float>(checked((int)Math.Max(1, plan.SourceFloats)));
        if (plan.Recomputed.Contains(true))
        {
            _recomputeInput = GC.AllocateUninitializedArray<float>(checked((int)plan.RecomputeInputFloats));
            _recomputeOutput = GC.AllocateUninitializedArray<float>(checked((int)plan.RecomputeOutputFloats));
        }
    }

    public void Run()
    {
        for (int step = 0; step < _schedule.Ops.Count; step++)
        {
            var op = _schedule.Ops[step];
            _cancellation.ThrowIfCancellationRequested();
            long start = LayerProfile.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
            switch (op.Kind)
            {
                case StreamOpKind.Convolve: Convolve(op.Layer!, _schedule.Maps[op.Input], _schedule.Maps[op.Output]); break;
                case StreamOpKind.AddSkip: AddSkip(_schedule.Maps[op.Output], _schedule.Maps[op.Input]); break;
                case StreamOpKind.Emit: Emit(_schedule.Maps[op.Input]); break;
                case StreamOpKind.Release:
                    // A map another is made again from is kept until that one's reader is done (the plan's release steps).
                    for (int map = 0; map < _stores.Length; map++)
                    {
                        if (_plan.ReleaseSteps[map] != step) continue;
                        _stores[map]?.Dispose();
                        _stores[map] = null;
                    }
                    break;
            }
            if (LayerProfile.Enabled && op.Kind != StreamOpKind.Release)
                Console.Error.WriteLine($"streamed {op.Kind,-8} {op.Layer?.Name,-28} {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds,8:F1} ms"
                    + $" ({_plan.BandsOf(_schedule.Maps[op.Output])} bands of {_plan.MapRows[op.Output]} rows, {(_plan.Spilled[op.Output] ? "spilled" : _plan.Recomputed[op.Output] ? "made again by its reader" : "in memory")})");
        }
    }

    private void Convolve(ConvLayer layer, StreamMap from, StreamMap to)
    {
        var statistics = new ChannelStatistics.Accumulator(to.Channels);
        if (_plan.Recomputed[to.Id])
        {
            // Its reader makes it again band by band; this pass is for its statistics alone.
            for (int band = 0; band < _plan.BandsOf(to); band++)
            {
                _cancellation.ThrowIfCancellationRequested();
                var (start, end) = _plan.BandOf(to, band);
                if (end > start) ConvolveBand(layer, from, to, start, end, _output, statistics);
            }
            _norms[to.Id] = ConditionalInstanceNorm.Defer(to.Channels, statistics.Finish(),
                _style.Gamma(layer.NormIndex), _style.Beta(layer.NormIndex), layer.Activation);
            return;
        }
        var store = _stores[to.Id] = _plan.Spilled[to.Id]
            ? new SpillMapStore(_spillFile ??= new SpillFile(_tempDirectory, _plan.PeakSpillBytes), _plan.SpillOffsets[to.Id], to.Height, to.Width, to.Channels)
            : new MemoryMapStore(_blocks, to.Height, to.Width, to.Channels);
        // A spilled band is written behind, from one output buffer while the next band is computed into the other:
        // the write, a copy into the page cache, then overlaps the kernels instead of adding to them.
        bool behind = store is SpillMapStore && _spare != null;
        Task writing = Task.CompletedTask;
        try
        {
            for (int band = 0; band < _plan.BandsOf(to); band++)
            {
                _cancellation.ThrowIfCancellationRequested();
                var (start, end) = _plan.BandOf(to, band);
                if (end <= start) continue;
                float[] output = behind && (band & 1) == 1 ? _spare! : _output;
                var (keptFrom, keptCount) = ConvolveBand(layer, from, to, start, end, output, statistics);
                if (!behind)
                {
                    store.WriteRows(start, end - start, output.AsSpan(keptFrom, keptCount));
                    continue;
                }
                writing.GetAwaiter().GetResult();
                int top = start, rows = end - start;
                writing = Task.Run(() => store.WriteRows(top, rows, output.AsSpan(keptFrom, keptCount)));
            }
            writing.GetAwaiter().GetResult();
        }
        catch
        {
            // The store is disposed on the way out; a write still under way must finish with it first.
            try { writing.Wait(); } catch (AggregateException) { }
            throw;
        }
        _norms[to.Id] = ConditionalInstanceNorm.Defer(to.Channels, statistics.Finish(),
            _style.Gamma(layer.NormIndex), _style.Beta(layer.NormIndex), layer.Activation);
    }

    /// <summary>
    /// One band of a layer into <paramref name="output"/> (pinned): its input rows with their halo, normalized as read,
    /// and the kernel over them; returns where the kept rows [start, end) lie in the output, whose statistics alone
    /// are gathered.
    /// </summary>
    private unsafe (int From, int Count) ConvolveBand(ConvLayer layer, StreamMap from, StreamMap to, int start, int end,
        float[] output, ChannelStatistics.Accumulator statistics)
    {
        var (inputStart, inputEnd, outputFirst, outputCount) = StreamSchedule.LayerBand(layer, from.Height, start, end);
        int rows = inputEnd - inputStart;
        // A direct convolution applies the norm to the rows each output row reads, while they are in cache; the
        // other kernels read the band normalized in a pass of its own.
        DeferredNorm? readThrough = ConvAlgorithmRules.ReadsThroughNorm(layer.Algorithm, layer.Upsample, inResidualBlock: false) ? _norms[from.Id] : null;
        FeatureMap x;
        if (_plan.Recomputed[from.Id] && RecomputeBand(from, inputStart, rows) is { } again && again.First * layer.Upsample % layer.Stride == 0)
        {
            // The input made again is read where it was made, halo and all: rows beyond those asked for only give
            // output rows beyond the kept ones, and copying the band out would cost a pass over it.
            x = again.Map;
            if (readThrough == null) Normalize(from, x.Data, x.Height);
            outputFirst = again.First * layer.Upsample / layer.Stride;
            outputCount = layer.OutputSize(x.Height);
        }
        else
        {
            Read(from, inputStart, rows, _input, normalize: readThrough == null);
            x = new FeatureMap(rows, from.Width, from.Channels, _input);
        }
        var y = new FeatureMap(outputCount, to.Width, to.Channels, output);
        int keptFrom = (start - outputFirst) * to.RowLength, keptTo = (end - outputFirst) * to.RowLength;
        float* pinned = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(output, 0);
        // Regions are ordered by their place in the whole map (row offsets from a base of zero), as a whole-map run orders them.
        statistics.KeepOnly((nint)(pinned + keptFrom), (nint)(pinned + keptTo), (long)outputFirst * to.RowLength * sizeof(float) - (long)pinned);
        layer.ConvolveBand(x, y, _threads, statistics, readThrough);
        return (keptFrom, keptTo - keptFrom);
    }

    /// <summary>A residual block's output, norm(sum) + skip, written over the block's last map before its norm.</summary>
    private void AddSkip(StreamMap sum, StreamMap skip)
    {
        var store = _stores[sum.Id]!;
        var norm = _norms[sum.Id]!;
        for (int band = 0; band < _plan.BandsOf(sum); band++)
        {
            _cancellation.ThrowIfCancellationRequested();
            var (start, end) = _plan.BandOf(sum, band);
            if (end <= start) continue;
            int rows = end - start;
            store.ReadRows(start, rows, _output);
            Read(skip, start, rows, _input);
            norm.ApplyAndAdd(new FeatureMap(rows, sum.Width, sum.Channels, _output), new FeatureMap(rows, sum.Width, sum.Channels, _input), Threads(rows, sum));
            store.WriteRows(start, rows, _output);
        }
        _norms[sum.Id] = null;
    }

    /// <summary>The last map through its norm, cropped to the source's rows and columns, to the sink top to bottom.</summary>
    private void Emit(StreamMap map)
    {
        int sourceHeight = _rowSource.Height, sourceWidth = _rowSource.Width;
        int first = _frame.Top, last = _frame.Top + sourceHeight;
        bool cropColumns = _frame.Left != 0 || sourceWidth != map.Width;
        for (int band = 0; band < _plan.BandsOf(map); band++)
        {
            _cancellation.ThrowIfCancellationRequested();
            var (start, end) = _plan.BandOf(map, band);
            start = Math.Max(start, first);
            end = Math.Min(end, last);
            if (end <= start) continue;
            int rows = end - start;
            Read(map, start, rows, _input);
            if (!cropColumns)
            {
                _sink.WriteRows(start - first, rows, _input.AsSpan(0, rows * map.RowLength));
                continue;
            }
            int sourceRow = sourceWidth * 3;
            for (int y = 0; y < rows; y++)
                _input.AsSpan(y * map.RowLength + _frame.Left * 3, sourceRow).CopyTo(_output.AsSpan(y * sourceRow, sourceRow));
            _sink.WriteRows(start - first, rows, _output.AsSpan(0, rows * sourceRow));
        }
    }

    /// <summary>
    /// Rows of a map as the next layer sees them: its stored rows through its norm (unless the reader applies it,
    /// <paramref name="normalize"/> false), or the framed source.
    /// </summary>
    private void Read(StreamMap map, int top, int count, float[] destination, bool normalize = true)
    {
        if (map.Id == 0)
        {
            _source.ReadRows(top, count, destination, _sourceRows);
            return;
        }
        if (_plan.Recomputed[map.Id])
        {
            var again = RecomputeBand(map, top, count);
            again.Map.Data.AsSpan((top - again.First) * map.RowLength, count * map.RowLength).CopyTo(destination);
        }
        else
        {
            _stores[map.Id]!.ReadRows(top, count, destination);
        }
        if (normalize) Normalize(map, destination, count);
    }

    /// <summary>Applies a map's norm, if it still needs one, to its first <paramref name="count"/> rows in <paramref name="rows"/>.</summary>
    private void Normalize(StreamMap map, float[] rows, int count)
    {
        if (_norms[map.Id] is not { } norm) return;
        var destination = rows;
        int length = map.RowLength;
        RowParallel.For(count, Threads(count, map), y =>
        {
            var row = destination.AsSpan(y * length, length);
            norm.ApplyTo(row, row);
        });
    }

    /// <summary>
    /// Rows [top, top + count) of a map that is not stored, made again from its own input (the framed source), before
    /// its norm: returns the band as made, which begins at row <c>First</c> and holds the rows asked for.
    /// </summary>
    private (FeatureMap Map, int First) RecomputeBand(StreamMap map, int top, int count)
    {
        var producer = _schedule.Producer(map.Id)!;
        var layer = producer.Layer!;
        var from = _schedule.Maps[producer.Input];
        var (inputStart, inputEnd, outputFirst, outputCount) = StreamSchedule.LayerBand(layer, from.Height, top, top + count);
        int rows = inputEnd - inputStart;
        Read(from, inputStart, rows, _recomputeInput!);
        var x = new FeatureMap(rows, from.Width, from.Channels, _recomputeInput!);
        var y = new FeatureMap(outputCount, map.Width, map.Channels, _recomputeOutput!);
        layer.ConvolveBand(x, y, _threads, statistics: null);
        return (y, outputFirst);
    }

    /// <summary>One thread for a pass too small to pay for waking the pool (as the whole-map norm decides).</summary>
    private int Threads(int rows, StreamMap map) => (long)rows * map.RowLength < 1 << 20 ? 1 : _threads;

    public void Dispose()
    {
        for (int i = 0; i < _stores.Length; i++)
        {
            _stores[i]?.Dispose();
            _stores[i] = null;
        }
        _spillFile?.Dispose();
        _blocks.Dispose();
    }
}
