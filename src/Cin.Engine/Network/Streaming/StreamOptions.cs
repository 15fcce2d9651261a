namespace Cin.Engine.Network.Streaming;

/// <summary>How a network run may use memory and disk.</summary>
/// <param name="MemoryBytes">What the network's own maps may take: the run keeps whole maps when they fit, and streams bands otherwise.</param>
/// <param name="TempDirectory">Where maps that do not fit in memory are spilled (deleted on every exit path).</param>
public sealed record StreamOptions(long MemoryBytes, string TempDirectory, int Threads = 1)
{
    /// <summary>Forces the banded run with bands of this many rows at the input's resolution (tests); null lets the plan choose.</summary>
    public int? BandRows { get; init; }

    /// <summary>The free bytes of the folder's disk; null for the disk's own answer (tests give a fake).</summary>
    internal Func<string, long>? FreeSpace { get; init; }

    /// <summary>A spill file made while the photo decoded, which the run takes when it is large enough (the caller disposes it).</summary>
    public SpillWarmup? Warmup { get; init; }
}

/// <summary>What a run did: whether it streamed, in how many bands, and how much it spilled to disk.</summary>
/// <param name="SpillBytes">The bytes written to the spill file over the run, each spilled map counted once.</param>
public sealed record StreamReport(bool Streamed, int Bands, long SpillBytes)
{
    /// <summary>The spill file's size, its ranges reused by maps made after others were released: what the temporary folder must have free.</summary>
    public long PeakSpillBytes { get; init; }

    /// <summary>The network's peak memory as planned: band buffers and the maps kept in memory (0 for whole maps).</summary>
    public long PlannedMemoryBytes { get; init; }
}
