namespace Cin.Engine.Network.Streaming;

/// <summary>
/// The temporary folder cannot hold the maps a streamed run must spill. The message is one line naming the folder and
/// the sizes; front ends add the photo's name and the option to change (--temp-dir).
/// </summary>
public sealed class SpillSpaceException : IOException
{
    public SpillSpaceException(string directory, long neededBytes, long availableBytes)
        : this(directory, neededBytes, availableBytes,
            $"{directory}: a streamed run needs {Megabytes(neededBytes)} of free space for its spill files, and only {Megabytes(availableBytes)} is free")
    {
    }

    public SpillSpaceException(string directory, long neededBytes, long availableBytes, string message) : base(message)
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

/// <summary>
/// Even the smallest bands of rows need more memory than the run may take. The message is one line with the least
/// memory needed; front ends add the photo's name and the option to change (--max-memory).
/// </summary>
public sealed class MemoryLimitException : Exception
{
    public MemoryLimitException(long limitBytes, long requiredBytes)
        : this(requiredBytes, limitBytes,
            $"the network needs at least {SpillSpaceException.Megabytes(requiredBytes)} of memory at this width, more than the {SpillSpaceException.Megabytes(limitBytes)} it may take")
    {
    }

    public MemoryLimitException(long requiredBytes, long limitBytes, string message) : base(message)
    {
        LimitBytes = limitBytes;
        RequiredBytes = requiredBytes;
    }

    public long LimitBytes { get; }

    /// <summary>The least memory with which the run would go ahead.</summary>
    public long RequiredBytes { get; }
}
