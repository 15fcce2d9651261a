namespace Cin.Engine.Network.Streaming;

/// <summary>
/// The network's input, read a band of rows at a time: RGB in [0,1], channels-last, at the size the network runs at
/// (any size: the run frames it to a size the network accepts). Rows may be asked for more than once and in any order.
/// </summary>
public interface IRowSource
{
    int Height { get; }
    int Width { get; }

    /// <summary>Writes rows [<paramref name="top"/>, top + <paramref name="count"/>) into <paramref name="destination"/>, count x Width x 3 floats.</summary>
    void ReadRows(int top, int count, Span<float> destination);
}

/// <summary>The network's output, RGB in (0,1) at the source's size, handed over a band of rows at a time, top to bottom, each row once.</summary>
public interface IRowSink
{
    void WriteRows(int top, int count, ReadOnlySpan<float> rows);
}
