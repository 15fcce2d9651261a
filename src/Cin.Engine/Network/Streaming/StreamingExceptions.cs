namespace Cin.Engine.Network.Streaming;

/// <summary>
/// The spill files a banded run needs do not fit in the free space of its temporary folder. The message is one line
/// for the user: the folder, what the run needs and what is free (front ends add the photo's name and the hint to use
/// --temp-dir).
/// </summary>
public sealed class SpillSpaceException(string folder, long neededBytes, long freeBytes, string message) : IOException(message)
{
    public string Folder { get; } = folder;
    public long NeededBytes { get; } = neededBytes;
    public long FreeBytes { get; } = freeBytes;
}

/// <summary>
/// Even the smallest bands of a run do not fit the memory limit. The message is one line: the least memory the run
/// needs (front ends add the photo's name and the hint to raise --max-memory).
/// </summary>
public sealed class MemoryLimitException(long neededBytes, long limitBytes, string message) : Exception(message)
{
    public long NeededBytes { get; } = neededBytes;
    public long LimitBytes { get; } = limitBytes;
}
