namespace Cin.Engine.Batch;

/// <summary>
/// How much memory a run plans with, and how many pixels a photo may have before cin refuses to decode it: the default
/// for <c>--max-pixels</c>, a guard against decompression bombs (a small file that declares a huge image). Sized from
/// the memory this process may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: physical memory, or the
/// container's limit).
/// </summary>
/// <remarks>
/// The network no longer counts towards the pixel limit: it streams in bands within whatever the budget leaves it
/// (see <see cref="Photos.PhotoMemoryPlan"/>), so what must fit is the decoded photo itself: its 16-bit pixels
/// (<see cref="Photos.PhotoMemoryPlan.PixelBytes"/>), the encoded file beside them while it is decoded (at most an
/// uncompressed 8-bit RGBA file, <see cref="FileBytesPerPixel"/>), and with a work size the resized-back result, a second
/// full-size image. Only 70% of the available memory is budgeted, which leaves room for the runtime, the model's
/// weights, the network's bands and garbage the collector has not yet reclaimed. The limit is per photo; a folder run's
/// jobs share the same budget (see <see cref="BatchOptions.MemoryBytes"/>).
/// </remarks>
public static class MemoryBudget
{
    /// <summary>
    /// Peak bytes per pixel a whole-map network run adds, at the resolution it runs at (measured about 200 with the
    /// magenta model, rounded up): what the network takes when its maps fit its share of the budget.
    /// </summary>
    public const long NetworkBytesPerPixel = 256;

    /// <summary>The encoded file beside the decoded pixels: at most about an uncompressed 8-bit RGBA file (BMP, TIFF).</summary>
    public const long FileBytesPerPixel = 4;

    /// <summary>The share of available memory cin plans to use.</summary>
    public const double Share = 0.7;

    /// <summary>The default limit never goes below this (a 256x256 image), however little memory there is.</summary>
    public const long MinimumMaxPixels = 65_536;

    /// <summary>The memory this process may use, in bytes.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The default pixel limit per photo when <paramref name="concurrentImages"/> photos must fit at once (cin's own
    /// runs pass 1: their jobs share one budget instead, see <see cref="BatchOptions.MemoryBytes"/>): the photos whose
    /// decoded pixels and file fit, with a second full-size image when a work size (<paramref name="workSize"/>) is
    /// resized back.
    /// </summary>
    public static long DefaultMaxPixels(int concurrentImages = 1, int? workSize = null, long? availableBytes = null)
    {
        double budget = (availableBytes ?? AvailableBytes) * Share / Math.Max(1, concurrentImages);
        long perPixel = Photos.PhotoMemoryPlan.PixelBytes * (workSize is null ? 1 : 2) + FileBytesPerPixel;
        return Math.Max(MinimumMaxPixels, (long)(budget / perPixel));
    }
}
