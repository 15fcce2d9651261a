namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Gives memory that is free but still resident back to the system, between the stages of a bounded run: the garbage
/// collector's free space, and on Linux the C heap's (glibc's malloc keeps freed blocks below its self-raising mmap
/// threshold in its arenas). Measured on a 36 MP photo at 1G: without it the PNG encoder's buffers came on top of the
/// bands' buffers, which the collector had not given back, and the peak was 1.08 GiB; with it, 0.68 GiB. Resident is
/// what a memory bound is about.
/// </summary>
internal static unsafe class MemoryRelease
{
    private static readonly delegate* unmanaged<nuint, int> MallocTrim =
        // glibc only: musl and other systems have no malloc_trim, and their heaps are left as they are.
        (delegate* unmanaged<nuint, int>)GlibcExport.Find("malloc_trim");

    /// <summary>
    /// A full collection, the finalizers it finds (ImageSharp frees an undisposed native buffer in one), a second,
    /// compacting collection that also decommits, then malloc_trim(0) where there is one (glibc).
    /// </summary>
    public static void Now()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (MallocTrim != null) MallocTrim(0);
    }
}
