using Cin.Engine.Network.Streaming;

namespace Cin.Engine.Tests.Streaming;

/// <summary>A whole map served as rows; counts its reads and can act on one (to cancel a run from inside it).</summary>
internal sealed class MapRowSource(FeatureMap map) : IRowSource
{
    public int Height => map.Height;
    public int Width => map.Width;
    public int Reads { get; private set; }
    public Action<int>? OnRead { get; init; }

    public void ReadRows(int top, int count, Span<float> destination)
    {
        Assert.InRange(top, 0, Height - 1);
        Assert.InRange(top + count, 1, Height);
        map.Data.AsSpan(top * Width * 3, count * Width * 3).CopyTo(destination);
        OnRead?.Invoke(++Reads);
    }
}

/// <summary>Collects the rows a run hands over, checking they come top to bottom, each once.</summary>
internal sealed class MapRowSink(int height, int width) : IRowSink
{
    private int _next;

    public FeatureMap Map { get; } = new(height, width, 3);
    public int Writes { get; private set; }
    public Action<int>? OnWrite { get; init; }

    public bool Complete => _next == Map.Height;

    public void WriteRows(int top, int count, ReadOnlySpan<float> rows)
    {
        Assert.Equal(_next, top);
        Assert.True(count > 0 && top + count <= Map.Height, $"rows {top}..{top + count} of {Map.Height}");
        rows[..(count * Map.Width * 3)].CopyTo(Map.Data.AsSpan(top * Map.Width * 3));
        _next = top + count;
        OnWrite?.Invoke(++Writes);
    }
}
