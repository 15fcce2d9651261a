namespace Cin.Engine;

/// <summary>
/// Feature-map buffers lent again and again to the same passes: a learner runs the same networks on crops of one size
/// thousands of times, and every pass made its maps afresh (21 MB per crop at magenta 128, 150 MB at paintings40 256),
/// so the collector ran a full collection every step or two and the fresh pages were faulted in each time.
/// <para>
/// While a thread is inside <see cref="Enter"/>, the maps it makes (<see cref="FeatureMap(int, int, int)"/> and
/// <see cref="FeatureMap.Uninitialized"/>) come from this arena, and <see cref="Scope.Recycle"/> takes them all back at
/// once. Only for passes whose maps do not outlive them: what a recycled pass returned is overwritten by the next.
/// Other threads, and this one outside a scope, allocate as usual.
/// </para>
/// </summary>
public sealed class MapArena
{
    [ThreadStatic] private static MapArena? t_current;

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly List<float[]> _lent = [];

    /// <summary>How many buffers it has made; after the first pass, a pass of the same shapes makes none.</summary>
    public int Made { get; private set; }

    /// <summary>Makes this arena the calling thread's until the scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = t_current;
        t_current = this;
        return new Scope(this, previous);
    }

    /// <summary>Whether the calling thread is inside a scope: its maps must then not be kept anywhere that outlives the pass.</summary>
    internal static bool IsActive => t_current != null;

    internal static float[] Zeroed(int length)
    {
        if (t_current is not { } arena) return new float[length];
        var buffer = arena.Lend(length);
        Array.Clear(buffer);
        return buffer;
    }

    internal static float[] Uninitialized(int length) =>
        t_current is { } arena ? arena.Lend(length) : GC.AllocateUninitializedArray<float>(length);

    private float[] Lend(int length)
    {
        if (!_free.TryGetValue(length, out var free) || !free.TryPop(out var buffer))
        {
            buffer = GC.AllocateUninitializedArray<float>(length);
            Made++;
        }
        _lent.Add(buffer);
        return buffer;
    }

    private void TakeBack()
    {
        foreach (var buffer in _lent)
        {
            if (!_free.TryGetValue(buffer.Length, out var free)) _free[buffer.Length] = free = new Stack<float[]>();
            free.Push(buffer);
        }
        _lent.Clear();
    }

    /// <summary>The arena's time on a thread.</summary>
    public readonly struct Scope(MapArena arena, MapArena? previous) : IDisposable
    {
        /// <summary>Takes back every map lent so far: none of them may be used again.</summary>
        public void Recycle() => arena.TakeBack();

        public void Dispose()
        {
            arena.TakeBack();
            t_current = previous;
        }
    }
}
