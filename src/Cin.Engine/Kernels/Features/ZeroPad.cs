namespace Cin.Engine.Kernels.Features;

/// <summary>
/// Copies a channels-last map into a larger zeroed buffer, <paramref name="top"/> rows down and
/// <paramref name="left"/> columns across. The buffer may be cut short at the bottom or right (a strided window
/// may never reach the last padded rows), and then the map's last rows or columns are left out too.
/// </summary>
public static class ZeroPad
{
    public static void Apply(FeatureMap input, int top, int left, Span<float> padded, int paddedHeight, int paddedWidth)
    {
        int c = input.Channels, w = input.Width;
        if (padded.Length != paddedHeight * paddedWidth * c)
            throw new ArgumentException($"The buffer holds {padded.Length} floats, not {paddedHeight}x{paddedWidth}x{c}.", nameof(padded));
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        int rows = Math.Min(input.Height, paddedHeight - top), columns = Math.Min(w, paddedWidth - left);
        int rowLength = paddedWidth * c;
        // Zero only what the copy does not overwrite: the rows above and below, and each row's two ends.
        padded[..(top * rowLength)].Clear();
        if (rows < 0) rows = 0;
        padded[((top + rows) * rowLength)..].Clear();
        if (columns <= 0)
        {
            padded.Slice(top * rowLength, rows * rowLength).Clear();
            return;
        }
        for (int y = 0; y < rows; y++)
        {
            Span<float> target = padded.Slice((top + y) * rowLength, rowLength);
            target[..(left * c)].Clear();
            input.Data.AsSpan(y * w * c, columns * c).CopyTo(target.Slice(left * c));
            target[((left + columns) * c)..].Clear();
        }
    }
}
