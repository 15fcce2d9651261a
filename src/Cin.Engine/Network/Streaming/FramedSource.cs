using Cin.Engine.Kernels;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// The row source seen through the network's frame (<see cref="Frame"/>): rows of the framed map, each a source row
/// reflected into the frame's margins, exactly as <see cref="Stylizer"/> frames a whole image.
/// </summary>
internal sealed class FramedSource(IRowSource source, Frame frame)
{
    public int Height => frame.Height;
    public int Width => frame.Width;

    /// <summary>Framed rows [top, top + count) into <paramref name="destination"/>, using <paramref name="scratch"/> for the source's rows.</summary>
    public void ReadRows(int top, int count, Span<float> destination, float[] scratch)
    {
        int sourceHeight = source.Height, sourceWidth = source.Width, rowLength = frame.Width * 3;
        int first = top - frame.Top;
        if (frame.Left == 0 && frame.Width == sourceWidth && first >= 0 && first + count <= sourceHeight)
        {
            source.ReadRows(first, count, destination[..(count * rowLength)]);
            return;
        }
        // A contiguous run of framed rows reflects onto a contiguous run of source rows.
        int low = int.MaxValue, high = int.MinValue;
        for (int y = 0; y < count; y++)
        {
            int row = ReflectIndex.Fold(first + y, sourceHeight);
            low = Math.Min(low, row);
            high = Math.Max(high, row);
        }
        int sourceRow = sourceWidth * 3;
        Span<float> rows = scratch.AsSpan(0, (high - low + 1) * sourceRow);
        source.ReadRows(low, high - low + 1, rows);
        for (int y = 0; y < count; y++)
        {
            int row = ReflectIndex.Fold(first + y, sourceHeight) - low;
            ReflectPad.Apply(rows.Slice(row * sourceRow, sourceRow), 1, sourceWidth, 3, 0, frame.Left, 1, frame.Width,
                destination.Slice(y * rowLength, rowLength));
        }
    }
}
