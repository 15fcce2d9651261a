using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// A map in a temporary file, written and read with positional I/O. Not memory-mapped: mapped pages count in the
/// process's resident set, which is what the memory bound is about, while the page cache behind plain reads and writes
/// does not. The file is deleted when the store is disposed, and on Unix its name is removed at once, so not even a
/// killed process leaves it behind.
/// </summary>
internal sealed class SpillMapStore : MapStore
{
    /// <summary>The most bytes one read or write call moves (a span's length is an int).</summary>
    private const int ChunkBytes = 1 << 30;

    private readonly SafeFileHandle _file;

    public SpillMapStore(string directory, int height, int width, int channels) : base(height, width, channels)
    {
        string path = Path.Combine(directory, $"cin-spill-{Guid.NewGuid():N}.tmp");
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            FileOptions.DeleteOnClose, preallocationSize: 0);
        if (!OperatingSystem.IsWindows())
        {
            try { File.Delete(path); }
            catch (IOException) { } // DeleteOnClose still removes it.
        }
    }

    public override void ReadRows(int top, int count, Span<float> destination)
    {
        Check(top, count, destination.Length);
        Span<byte> bytes = MemoryMarshal.AsBytes(destination[..(count * RowLength)]);
        long offset = Offset(top);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(_file, bytes[..Math.Min(bytes.Length, ChunkBytes)], offset);
            if (read <= 0) throw new EndOfStreamException("A spill file ended before the rows written to it.");
            bytes = bytes[read..];
            offset += read;
        }
    }

    public override void WriteRows(int top, int count, ReadOnlySpan<float> rows)
    {
        Check(top, count, rows.Length);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(rows[..(count * RowLength)]);
        long offset = Offset(top);
        while (bytes.Length > 0)
        {
            int length = Math.Min(bytes.Length, ChunkBytes);
            RandomAccess.Write(_file, bytes[..length], offset);
            bytes = bytes[length..];
            offset += length;
        }
    }

    private long Offset(int row) => (long)row * RowLength * sizeof(float);

    public override void Dispose() => _file.Dispose();
}
