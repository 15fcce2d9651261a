using Microsoft.Win32.SafeHandles;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// A run's one temporary file for the maps that do not fit in memory, each at the range its plan gave it
/// (<see cref="SpillLayout"/>), written and read with positional I/O. Not memory-mapped: mapped pages count in the
/// process's resident set, which is what the memory bound is about, while the page cache behind plain reads and writes
/// does not. Its whole size is reserved when it is created, so a disk that fills up meanwhile fails the run before the
/// first band rather than in the middle. It is deleted when disposed, and on Unix its name is removed at once, so not
/// even a killed process leaves it behind. Disposing it does not wait for its blocks to be freed (<see cref="DeferredClose"/>):
/// that wait came between Ctrl-C and the exit.
/// </summary>
internal sealed class SpillFile : IDisposable
{
    public SpillFile(string directory, long bytes)
    {
        Bytes = bytes;
        string path = Path.Combine(directory, $"cin-spill-{Guid.NewGuid():N}.tmp");
        Handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            FileOptions.DeleteOnClose, preallocationSize: bytes);
        if (!OperatingSystem.IsWindows())
        {
            try { File.Delete(path); }
            catch (IOException) { } // DeleteOnClose still removes it.
        }
    }

    public SafeFileHandle Handle { get; }

    /// <summary>The size it was made with: the most its maps reach.</summary>
    public long Bytes { get; }

    public void Dispose() => DeferredClose.Close(Handle);
}
