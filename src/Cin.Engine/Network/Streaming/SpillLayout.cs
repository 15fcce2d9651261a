namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Where each spilled map lies in a run's one spill file, decided with the plan, when every map's size and lifetime
/// are known: the largest maps are placed first, each at the lowest offset clear of the maps placed before it whose
/// lifetimes overlap its own (the greedy-by-size offset assignment of tensor memory planners). For a network's chain of
/// maps this reaches the least possible file, the most bytes alive at once, where placing maps as they come left
/// holes: 8.6 GB against 6.4 GB for paintings40 at 36 megapixels.
/// </summary>
/// <remarks>
/// Reusing ranges is the point, not only a smaller file. Writing over pages the page cache already holds cost a
/// quarter to a tenth of writing fresh ones on the machines measured (a new file's pages are allocated and charged,
/// and on a VM often faulted in from the host; bench/results/big-photos-x64-2core.md), and a run spills several times
/// its file's size, so every byte of the file is written fresh once and over again after that.
/// </remarks>
internal static class SpillLayout
{
    /// <summary>Ranges start on this boundary, so no page is shared by two maps.</summary>
    internal const long Alignment = 4096;

    /// <summary>A spilled map: its bytes, and the steps of the run from the one that makes it to the one that releases it.</summary>
    internal readonly record struct Lifetime(int Map, long Bytes, int Made, int Released)
    {
        public bool Overlaps(Lifetime other) => Made < other.Released && other.Made < Released;
    }

    /// <summary>Each map's offset, by map id, and the file's size.</summary>
    public static (Dictionary<int, long> Offsets, long FileBytes) Place(IReadOnlyList<Lifetime> maps)
    {
        var offsets = new Dictionary<int, long>();
        var placed = new List<(Lifetime Map, long Offset, long Bytes)>();
        long fileBytes = 0;
        // Largest first; ties in the order the maps are made, so the layout does not depend on the list's order.
        foreach (var map in maps.OrderByDescending(m => m.Bytes).ThenBy(m => m.Made).ThenBy(m => m.Map))
        {
            long size = Align(map.Bytes);
            long offset = 0;
            foreach (var (_, start, bytes) in placed.Where(p => p.Map.Overlaps(map)).OrderBy(p => p.Offset))
            {
                if (offset + size <= start) break;
                offset = Math.Max(offset, start + bytes);
            }
            if (!offsets.TryAdd(map.Map, offset)) throw new ArgumentException($"Map {map.Map} is listed twice.", nameof(maps));
            placed.Add((map, offset, size));
            fileBytes = Math.Max(fileBytes, offset + size);
        }
        return (offsets, fileBytes);
    }

    private static long Align(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}
