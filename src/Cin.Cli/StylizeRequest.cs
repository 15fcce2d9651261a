using Cin.Engine.Batch;
using Cin.Engine.Finishing;
using Cin.Engine.Imaging;

namespace Cin.Cli;

/// <summary>What `cin &lt;inputs&gt; ...` asks for, as parsed from the command line.</summary>
/// <param name="Inputs">Files, folders and wildcard patterns, as typed.</param>
/// <param name="Output">A file (one input), a folder, or null for beside each input.</param>
/// <param name="Model">Null for the catalog's default model.</param>
/// <param name="Threads">Threads inside one image; null to choose (see <see cref="Parallelism"/>).</param>
public sealed record StylizeRequest(
    IReadOnlyList<string> Inputs,
    string? Output,
    string Style,
    string? Model = null,
    int Quality = OutputFormat.DefaultQuality,
    bool Force = false,
    int? Threads = null)
{
    /// <summary>One input, as the first version of cin took it.</summary>
    public StylizeRequest(string input, string? output, string style, string? model = null, int quality = OutputFormat.DefaultQuality,
        bool force = false, int? threads = null)
        : this([input], output, style, model, quality, force, threads)
    {
    }

    /// <summary>A style file to use directly (<c>--style-file</c>): the style, or one that <see cref="Style"/> may blend by name.</summary>
    public string? StyleFile { get; init; }

    /// <summary>Images at once; null to choose.</summary>
    public int? Jobs { get; init; }

    /// <summary>The output name pattern (see <see cref="OutputRequest.NamePattern"/>).</summary>
    public string? NamePattern { get; init; }

    public bool Recursive { get; init; }

    /// <summary>Only this part of the inputs (<c>--shard I/N</c>); null for all of them.</summary>
    public Shard? Shard { get; init; }
    public bool SkipExisting { get; init; }
    public float Strength { get; init; } = 1;
    public ColorKeeping KeepColors { get; init; } = ColorKeeping.Off;
    public int? WorkSize { get; init; }

    /// <summary>Null for the memory-based default.</summary>
    public long? MaxPixels { get; init; }

    /// <summary>The memory one photo may use (<c>--max-memory</c>), in bytes; null for the default share.</summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>Where banded runs spill (<c>--temp-dir</c>); null for the system's temporary folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Keep EXIF/IPTC/XMP (on unless --strip-metadata).</summary>
    public bool KeepMetadata { get; init; } = true;

    /// <summary>Throws <see cref="UsageException"/> for options that contradict each other, photos or video.</summary>
    public void CheckOptions()
    {
        if (string.IsNullOrWhiteSpace(Style) && StyleFile is null)
            throw new UsageException("no style given: use --style NAME ('cin styles' lists them), a blend such as --style starry-night=0.7,great-wave=0.3, or --style-file FILE");
        if (Force && SkipExisting) throw new UsageException("--force and --skip-existing contradict each other; use one");
        if (TempDirectory is { } temp && !Directory.Exists(temp))
            throw new UsageException(File.Exists(temp) ? $"--temp-dir: {temp}: is a file, not a folder" : $"--temp-dir: {temp}: no such folder (create it first)");
    }
}
