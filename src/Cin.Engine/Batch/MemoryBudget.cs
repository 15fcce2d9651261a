namespace Cin.Engine.Batch;

/// <summary>
/// How many pixels a photo may have before cin refuses it rather than run out of memory halfway: the default for
/// <c>--max-pixels</c>. Sized from the memory this process may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>:
/// physical memory, or the container's limit) and what one image costs per pixel.
/// </summary>
/// <remarks>
/// The costs per pixel come from peak resident memory of the NativeAOT cin on photos of 0.7, 2.8, 11 and 24
/// megapixels (magenta model, 2 threads): about 240 bytes per pixel in all, of which about 40 are the pipeline around
/// the network (measured with --work-size 1024 on 11 and 24 megapixel photos). The network dominates: the magenta
/// model's widest full-resolution layers hold 32 floats (128 bytes) per pixel, and a layer's input and output are
/// alive together. Both constants are rounded up by about a third, and only 70% of the available memory is
/// budgeted, which leaves room for the runtime, the model's weights and garbage the collector has not yet reclaimed.
/// The limit is per photo; a folder run's jobs share the same budget (see <see cref="BatchOptions.MemoryBytes"/>).
/// </remarks>
public static class MemoryBudget
{
    /// <summary>Peak bytes per pixel the network run adds, at the resolution it runs at (measured about 200, magenta).</summary>
    public const long NetworkBytesPerPixel = 256;

    /// <summary>
    /// Peak bytes per pixel of everything around the network, at the photo's full size: the encoded file, the 16-bit
    /// decode, the float photo and result maps, alpha, the colour pass and the encoder's image (measured about 40).
    /// </summary>
    public const long PipelineBytesPerPixel = 64;

    /// <summary>The share of available memory cin plans to use.</summary>
    public const double Share = 0.7;

    /// <summary>The default limit never goes below this (a 256x256 image), however little memory there is.</summary>
    public const long MinimumMaxPixels = 65_536;

    /// <summary>The memory this process may use, in bytes.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The default pixel limit per photo when <paramref name="concurrentImages"/> photos must fit at once (cin's own
    /// runs pass 1: their jobs share one budget instead, see <see cref="BatchOptions.MemoryBytes"/>) and the network
    /// runs at the photo's size (no work size) or at most <paramref name="workSize"/> on the long side.
    /// </summary>
    public static long DefaultMaxPixels(int concurrentImages = 1, int? workSize = null, long? availableBytes = null)
    {
        double budget = (availableBytes ?? AvailableBytes) * Share / Math.Max(1, concurrentImages);
        long limit;
        if (workSize is { } side)
        {
            // The network's share is fixed by the work size (a square is the worst case); the rest scales with the photo.
            double network = (double)side * side * NetworkBytesPerPixel;
            limit = (long)Math.Max(0, (budget - network) / PipelineBytesPerPixel);
        }
        else
        {
            limit = (long)(budget / (NetworkBytesPerPixel + PipelineBytesPerPixel));
        }
        return Math.Max(MinimumMaxPixels, limit);
    }
}
