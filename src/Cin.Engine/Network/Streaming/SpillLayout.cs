namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Where each spilled map lies in a run's one spill file, decided with the plan: a map takes the best-fitting range
/// that maps released before it left free, and the file grows only when none fits. Reusing ranges is the point, not
/// only a smaller file: writing over pages the page cache already holds cost a quarter to a tenth of writing fresh
/// ones on the machines measured (a new file's pages are allocated, charged and, on a VM, often faulted in from the
/// host; see bench/results/big-photos-x64-2core.md), and a run spills several times its peak.
/// </summary>
internal sealed class SpillLayout
{
    /// <summary>Ranges start on this boundary, so no page is shared by two maps.</summary>
    internal const long Alignment = 4096;

    // Free ranges below the end of the file, kept sorted by offset and merged with their neighbours.
    private readonly List<(long Offset, long Bytes)> _free = new();
    private readonly Dictionary<int, (long Offset, long Bytes)> _placed = new();

    /// <summary>The file's size: the end of the furthest range any map took.</summary>
    public long FileBytes { get; private set; }

    /// <summary>Gives <paramref name="map"/> a range of at least <paramref name="bytes"/> and returns its offset.</summary>
    public long Place(int map, long bytes)
    {
        if (_placed.ContainsKey(map)) throw new InvalidOperationException($"Map {map} is already placed.");
        long size = Align(bytes);
        int best = -1;
        for (int i = 0; i < _free.Count; i++)
            if (_free[i].Bytes >= size && (best < 0 || _free[i].Bytes < _free[best].Bytes)) best = i;
        long offset;
        if (best >= 0)
        {
            offset = _free[best].Offset;
            if (_free[best].Bytes == size) _free.RemoveAt(best);
            else _free[best] = (offset + size, _free[best].Bytes - size);
        }
        else if (_free.Count > 0 && _free[^1].Offset + _free[^1].Bytes == FileBytes)
        {
            // The free range at the end grows into the new space rather than leaving a hole behind.
            offset = _free[^1].Offset;
            _free.RemoveAt(_free.Count - 1);
            FileBytes = offset + size;
        }
        else
        {
            offset = FileBytes;
            FileBytes += size;
        }
        _placed[map] = (offset, size);
        return offset;
    }

    /// <summary>Gives <paramref name="map"/>'s range back for the maps made after it.</summary>
    public void Release(int map)
    {
        if (!_placed.Remove(map, out var range)) throw new InvalidOperationException($"Map {map} is not placed.");
        int at = 0;
        while (at < _free.Count && _free[at].Offset < range.Offset) at++;
        _free.Insert(at, range);
        if (at + 1 < _free.Count && _free[at].Offset + _free[at].Bytes == _free[at + 1].Offset)
        {
            _free[at] = (_free[at].Offset, _free[at].Bytes + _free[at + 1].Bytes);
            _free.RemoveAt(at + 1);
        }
        if (at > 0 && _free[at - 1].Offset + _free[at - 1].Bytes == _free[at].Offset)
        {
            _free[at - 1] = (_free[at - 1].Offset, _free[at - 1].Bytes + _free[at].Bytes);
            _free.RemoveAt(at);
        }
    }

    private static long Align(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}
