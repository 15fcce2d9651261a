using System.Runtime.InteropServices;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// The native memory of a run's in-memory maps, reused from map to map: fresh pages cost a fault and zeroing each on
/// first write, which for a map of tens of megabytes made per layer is a large share of the layer's time. A released
/// block waits for the next map it can hold; blocks are freed, largest first, when keeping them would take the pool
/// past its capacity (what the plan leaves for maps beside the band buffers).
/// </summary>
internal sealed unsafe class NativeBlockPool(long capacity) : IDisposable
{
    private readonly List<(nint Address, long Bytes)> _free = new();
    private long _held;

    public void* Rent(long bytes, out long blockBytes)
    {
        int best = -1;
        for (int i = 0; i < _free.Count; i++)
            if (_free[i].Bytes >= bytes && (best < 0 || _free[i].Bytes < _free[best].Bytes)) best = i;
        if (best >= 0)
        {
            var block = _free[best];
            _free.RemoveAt(best);
            blockBytes = block.Bytes;
            return (void*)block.Address;
        }
        while (_held + bytes > capacity && _free.Count > 0)
        {
            int largest = 0;
            for (int i = 1; i < _free.Count; i++)
                if (_free[i].Bytes > _free[largest].Bytes) largest = i;
            NativeMemory.Free((void*)_free[largest].Address);
            _held -= _free[largest].Bytes;
            _free.RemoveAt(largest);
        }
        _held += bytes;
        blockBytes = bytes;
        return NativeMemory.Alloc((nuint)bytes);
    }

    public void Return(void* address, long blockBytes) => _free.Add(((nint)address, blockBytes));

    public void Dispose()
    {
        foreach (var (address, _) in _free) NativeMemory.Free((void*)address);
        _free.Clear();
        _held = 0;
    }
}
