namespace Cin.Engine.Network.Streaming;

/// <summary>
/// One layer's whole map, channels-last, held between the band that writes its rows and the bands of the next layer
/// that read them: in memory (<see cref="MemoryMapStore"/>) or in a spill file (<see cref="SpillMapStore"/>).
/// </summary>
internal abstract class MapStore : IDisposable
{
    protected MapStore(int height, int width, int channels)
    {
        Height = height;
        Width = width;
        Channels = channels;
    }

    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }
    public int RowLength => Width * Channels;
    public long Bytes => (long)Height * RowLength * sizeof(float);

    /// <summary>Rows [top, top + count) into <paramref name="destination"/>, count x <see cref="RowLength"/> floats.</summary>
    public abstract void ReadRows(int top, int count, Span<float> destination);

    public abstract void WriteRows(int top, int count, ReadOnlySpan<float> rows);

    public abstract void Dispose();

    protected void Check(int top, int count, int length)
    {
        if (top < 0 || count < 0 || top + count > Height) throw new ArgumentOutOfRangeException(nameof(top), $"Rows {top}..{top + count} of {Height}.");
        if (length < (long)count * RowLength) throw new ArgumentException("The buffer is smaller than the rows.");
    }
}
