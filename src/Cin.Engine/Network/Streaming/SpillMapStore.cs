using System.Runtime.InteropServices;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// A map in its range of the run's <see cref="SpillFile"/>. Disposing it gives nothing back by itself: the range was
/// planned to be reused by a later map (<see cref="SpillLayout"/>), and the file goes with the run.
/// </summary>
internal sealed class SpillMapStore(SpillFile file, long offset, int height, int width, int channels)
    : MapStore(height, width, channels)
{
    /// <summary>The most bytes one read or write call moves (a span's length is an int).</summary>
    private const int ChunkBytes = 1 << 30;

    private bool _disposed;

    public override void ReadRows(int top, int count, Span<float> destination)
    {
        Check(top, count, destination.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> bytes = MemoryMarshal.AsBytes(destination[..(count * RowLength)]);
        long at = Offset(top);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(file.Handle, bytes[..Math.Min(bytes.Length, ChunkBytes)], at);
            if (read <= 0) throw new EndOfStreamException("A spill file ended before the rows written to it.");
            bytes = bytes[read..];
            at += read;
        }
    }

    public override void WriteRows(int top, int count, ReadOnlySpan<float> rows)
    {
        Check(top, count, rows.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(rows[..(count * RowLength)]);
        long at = Offset(top);
        while (bytes.Length > 0)
        {
            int length = Math.Min(bytes.Length, ChunkBytes);
            RandomAccess.Write(file.Handle, bytes[..length], at);
            bytes = bytes[length..];
            at += length;
        }
    }

    private long Offset(int row) => offset + (long)row * RowLength * sizeof(float);

    public override void Dispose() => _disposed = true;
}
