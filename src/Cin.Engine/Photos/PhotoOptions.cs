using Cin.Engine.Batch;
using Cin.Engine.Finishing;
using Cin.Engine.Imaging;

namespace Cin.Engine.Photos;

/// <summary>How one photo is stylized and written; the same options serve the CLI and the PowerShell module.</summary>
/// <param name="Quality">JPEG (and lossy WebP) quality, 1..100.</param>
/// <param name="Overwrite">Replace an existing output file.</param>
/// <param name="Threads">Threads inside one image.</param>
public sealed record PhotoOptions(
    int Quality = OutputFormat.DefaultQuality,
    bool Overwrite = false,
    int Threads = 1)
{
    /// <summary>How much of the style is applied, 0..1: 0 writes the photo, 1 the network's output (see <see cref="StrengthMix"/>).</summary>
    public float Strength { get; init; } = 1;

    /// <summary>Whether and how the photo's colours are kept (see <see cref="ColorKeeping"/>).</summary>
    public ColorKeeping KeepColors { get; init; } = ColorKeeping.Off;

    /// <summary>
    /// The long side, in pixels, the network runs at; null runs it at the photo's own size. The brush strokes have a
    /// fixed size in the network's pixels, so a smaller work size gives bigger strokes relative to the picture (and
    /// runs faster); the result is resized back to the photo's size (see <see cref="Resampling"/>).
    /// </summary>
    public int? WorkSize { get; init; }

    /// <summary>
    /// Photos with more pixels are refused before decoding (<see cref="ImageFileError.TooLarge"/>); null for
    /// <see cref="MemoryBudget.DefaultMaxPixels"/> with one image at a time.
    /// </summary>
    public long? MaxPixels { get; init; }

    /// <summary>
    /// The memory one photo may take (<c>--max-memory</c>), in bytes; null for the default share of available memory.
    /// A photo whose whole maps do not fit streams the network in bands (issue 15).
    /// </summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>Where maps that do not fit in memory are spilled (<c>--temp-dir</c>); null for the system's temporary folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Forces the network to run in bands of this many rows (<see cref="Network.Streaming.StreamOptions.BandRows"/>):
    /// for tests that compare the banded run with the whole-map one; null lets the memory plan decide.
    /// </summary>
    internal int? BandRows { get; init; }

    /// <summary>Keep EXIF, IPTC and XMP (adjusted, see <see cref="PhotoMetadata"/>).</summary>
    public bool KeepMetadata { get; init; } = true;

    /// <summary>The writing software recorded in the output's EXIF (see <see cref="ImageWriteOptions.Software"/>).</summary>
    public string Software { get; init; } = ImageWriteOptions.DefaultSoftware;

    /// <summary>The pixel limit in force: <see cref="MaxPixels"/> or the memory-based default.</summary>
    public long EffectiveMaxPixels => MaxPixels ?? MemoryBudget.DefaultMaxPixels(1, WorkSize);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values outside their ranges.</summary>
    public void Validate()
    {
        if (Quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(Quality), Quality, "Quality must be 1..100.");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (!(Strength >= 0 && Strength <= 1)) throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Strength must be 0..1.");
        if (WorkSize is < 1) throw new ArgumentOutOfRangeException(nameof(WorkSize), WorkSize, "The work size must be at least 1 pixel.");
        if (MaxMemoryBytes is < 1) throw new ArgumentOutOfRangeException(nameof(MaxMemoryBytes), MaxMemoryBytes, "The memory limit must be at least 1 byte.");
        if (MaxPixels is < 1) throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "The pixel limit must be at least 1.");
    }
}
