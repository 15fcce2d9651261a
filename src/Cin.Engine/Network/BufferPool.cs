namespace Cin.Engine.Network;

/// <summary>
/// Activation buffers kept by a network between runs, so that repeated runs (a folder of photos, a benchmark) reuse
/// memory instead of leaving hundreds of megabytes per run for the garbage collector to find later. Thread-safe:
/// concurrent runs on one network take and give back under a lock. At most <see cref="Capacity"/> buffers are kept;
/// past that, the smallest are dropped.
/// </summary>
public sealed class BufferPool
{
    public const int Capacity = 8;
    private readonly List<float[]> _buffers = new();

    /// <summary>
    /// Whether a buffer holds <paramref name="length"/> floats. Any larger buffer will do: memory the process has
    /// already touched is far cheaper than fresh pages, which the kernel must fault in and zero one by one.
    /// </summary>
    public static bool Fits(float[] buffer, long length) => buffer.Length >= length;

    /// <summary>Whether a buffer holds <paramref name="length"/> floats and is no longer than <paramref name="largest"/>.</summary>
    public static bool Fits(float[] buffer, long length, long largest) => Fits(buffer, length) && buffer.Length <= largest;

    /// <summary>
    /// The smallest kept buffer that holds <paramref name="length"/> floats and is no longer than
    /// <paramref name="largest"/>, or null.
    /// </summary>
    public float[]? Take(long length, long largest = long.MaxValue)
    {
        lock (_buffers)
        {
            int best = -1;
            for (int i = 0; i < _buffers.Count; i++)
                if (Fits(_buffers[i], length, largest) && (best < 0 || _buffers[i].Length < _buffers[best].Length)) best = i;
            if (best < 0) return null;
            float[] buffer = _buffers[best];
            _buffers.RemoveAt(best);
            return buffer;
        }
    }

    public void Give(IEnumerable<float[]> buffers)
    {
        lock (_buffers)
        {
            _buffers.AddRange(buffers);
            if (_buffers.Count > Capacity)
            {
                _buffers.Sort((a, b) => b.Length.CompareTo(a.Length));
                _buffers.RemoveRange(Capacity, _buffers.Count - Capacity);
            }
        }
    }

    /// <summary>Drops every kept buffer, e.g. before a long idle period.</summary>
    public void Clear()
    {
        lock (_buffers) _buffers.Clear();
    }
}
