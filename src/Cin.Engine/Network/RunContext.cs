using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// One forward pass's threads and activation buffers. A layer's output is rented here and, once the step that reads it
/// last has run (<see cref="ConvLayer.Forward(FeatureMap, StyleParameters, RunContext)"/>, <see cref="StyleNetwork"/>'s
/// residual block), released back for a later layer to reuse; the caller's input is never touched. Reusing buffers
/// keeps the peak working set near the two largest live activations, and spares the page faults that a fresh
/// half-gigabyte allocation per layer costs at large sizes.
/// </summary>
public sealed class RunContext
{
    private readonly List<float[]> _free = new();
    private readonly FeatureMap _input;
    private readonly BufferPool? _pool;

    private readonly List<long>? _allocations;

    public RunContext(FeatureMap input, int threads, BufferPool? pool = null, List<long>? allocations = null)
    {
        _input = input;
        // Inside a map arena the arena keeps the buffers: given to a network's pool, which other threads take from,
        // a buffer would be lent twice once the arena takes it back.
        _pool = MapArena.IsActive ? null : pool;
        _allocations = allocations;
        Threads = Math.Max(1, threads);
    }

    public int Threads { get; }

    /// <summary>Sees each norm's statistics before they are used (see <see cref="IStatisticsFilter"/>); null for none.</summary>
    public IStatisticsFilter? StatisticsFilter { get; init; }

    /// <summary>
    /// The pass's cancellation: checked as each layer rents its output, and, while <see cref="StyleNetwork.Run"/> runs
    /// the pass, inside the layers' loops (<see cref="RowParallel.Cancellable"/>).
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    private int _norms;

    /// <summary>A norm's statistics as the norm should use them: as gathered, or as the filter left them.</summary>
    public ChannelStatistics Statistics(ChannelStatistics gathered)
    {
        StatisticsFilter?.Filter(_norms++, gathered);
        return gathered;
    }

    /// <summary>
    /// Whether this pass is <see cref="StyleNetwork.Prepare"/>'s rehearsal at the smallest size, run only to record
    /// which buffers a pass allocates; its output is thrown away.
    /// </summary>
    public bool Rehearsal => _allocations != null;

    /// <summary>
    /// A map with undefined contents: the smallest free buffer that holds it, or a new one. A small map may park in
    /// a large buffer: the networks narrow and then widen again, and by the time a large map is needed again the
    /// small ones in between are dead, so reuse spares fresh pages without raising the peak.
    /// </summary>
    public FeatureMap Rent(int height, int width, int channels)
    {
        // Every layer rents its output before it runs: the check between layers.
        Cancellation.ThrowIfCancellationRequested();
        long length = (long)height * width * channels;
        // A map the size of the RGB output may be the output, which leaves with the caller: it must not carry off a
        // large buffer that the next run's large maps would then have to fault in afresh.
        long largest = length == _input.Length ? 2 * length : long.MaxValue;
        int best = -1;
        for (int i = 0; i < _free.Count; i++)
            if (BufferPool.Fits(_free[i], length, largest) && (best < 0 || _free[i].Length < _free[best].Length)) best = i;
        if (best < 0)
        {
            float[]? pooled = _pool?.Take(length, largest);
            if (pooled != null) return new FeatureMap(height, width, channels, pooled);
            _allocations?.Add(length);
            return FeatureMap.Uninitialized(height, width, channels);
        }
        float[] buffer = _free[best];
        _free.RemoveAt(best);
        return new FeatureMap(height, width, channels, buffer);
    }

    /// <summary>Gives a dead map's buffer back. The network's input belongs to the caller and is never reused.</summary>
    public void Release(FeatureMap map)
    {
        if (ReferenceEquals(map.Data, _input.Data) || _free.Contains(map.Data)) return;
        _free.Add(map.Data);
    }

    /// <summary>Hands the run's free buffers to the network's pool for the next run; the output stays with the caller.</summary>
    public void Finish()
    {
        _pool?.Give(_free);
        _free.Clear();
    }

    /// <summary>Releases <paramref name="dead"/> and returns <paramref name="next"/>: <c>run.Replace(x, Run(x, ...))</c>.</summary>
    public FeatureMap Replace(FeatureMap dead, FeatureMap next)
    {
        if (!ReferenceEquals(dead.Data, next.Data)) Release(dead);
        return next;
    }
}
