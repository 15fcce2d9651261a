namespace Cin.Engine.Network.Streaming;

/// <summary>
/// A map held in native memory from the run's <see cref="NativeBlockPool"/>: given back the moment the run is done
/// with it, rather than when the garbage collector next looks, so the run's peak stays what its plan says; and not
/// limited to 2^31 floats.
/// </summary>
internal sealed unsafe class MemoryMapStore : MapStore
{
    private readonly NativeBlockPool _pool;
    private readonly long _blockBytes;
    private float* _data;

    public MemoryMapStore(NativeBlockPool pool, int height, int width, int channels) : base(height, width, channels)
    {
        _pool = pool;
        _data = (float*)pool.Rent(Bytes, out _blockBytes);
    }

    public override void ReadRows(int top, int count, Span<float> destination)
    {
        Check(top, count, destination.Length);
        Rows(top, count).CopyTo(destination);
    }

    public override void WriteRows(int top, int count, ReadOnlySpan<float> rows)
    {
        Check(top, count, rows.Length);
        rows[..(count * RowLength)].CopyTo(Rows(top, count));
    }

    private Span<float> Rows(int top, int count)
    {
        ObjectDisposedException.ThrowIf(_data == null, this);
        return new Span<float>(_data + (long)top * RowLength, count * RowLength);
    }

    public override void Dispose()
    {
        if (_data == null) return;
        _pool.Return(_data, _blockBytes);
        _data = null;
    }
}
