namespace Cin.Engine.Network.Streaming;

/// <summary>The temporary folder cannot hold the maps a streamed run must spill; the message is one line.</summary>
public sealed class SpillSpaceException : IOException
{
    public SpillSpaceException(string directory, long neededBytes, long availableBytes)
        : base($"{directory}: a streamed run needs {Megabytes(neededBytes)} of free space for its spill files, and only "
            + $"{Megabytes(availableBytes)} is free; free some space or choose another temporary folder (--temp-dir).")
    {
        Directory = directory;
        NeededBytes = neededBytes;
        AvailableBytes = availableBytes;
    }

    public string Directory { get; }
    public long NeededBytes { get; }
    public long AvailableBytes { get; }

    internal static string Megabytes(long bytes) =>
        FormattableString.Invariant($"{bytes / 1048576.0:0.#} MiB");
}

/// <summary>Even the smallest bands of rows need more memory than the run may take; the message is one line.</summary>
public sealed class MemoryLimitException : Exception
{
    public MemoryLimitException(long limitBytes, long requiredBytes)
        : base($"The network needs at least {SpillSpaceException.Megabytes(requiredBytes)} of memory at this width, "
            + $"more than the {SpillSpaceException.Megabytes(limitBytes)} it may take; raise --max-memory or use a smaller --work-size.")
    {
        LimitBytes = limitBytes;
        RequiredBytes = requiredBytes;
    }

    public long LimitBytes { get; }

    /// <summary>The least memory with which the run would go ahead.</summary>
    public long RequiredBytes { get; }
}
