using Cin.Engine.Imaging;

namespace Cin.Engine.Batch;

/// <summary>What a batch run is asked to do: which inputs, and where and under what name each output goes.</summary>
public sealed record BatchPlanOptions
{
    /// <summary>The default output name: the input's name, the style and the input's extension (PNG for formats cin cannot write).</summary>
    public const string DefaultNamePattern = "{name}-{style}.{ext}";

    /// <summary>Where outputs go; null puts each beside its input. Folder inputs keep their subfolders under it.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>The output file name, with {name}, {style} and {ext}; it may hold subfolders ("{style}/{name}.jpg").</summary>
    public string NamePattern { get; init; } = DefaultNamePattern;

    /// <summary>What {style} becomes, e.g. "starry-night" or "starry-night+great-wave".</summary>
    public string StyleLabel { get; init; } = "stylized";

    /// <summary>Descend into subfolders of folder inputs (and let ** in patterns match any depth).</summary>
    public bool Recursive { get; init; }

    /// <summary>Leave inputs whose output already exists alone (a resumable run).</summary>
    public bool SkipExisting { get; init; }
}

/// <summary>One input and its output. <see cref="Skip"/> or <see cref="Problem"/> say why it will not be stylized.</summary>
public sealed record BatchItem(string Input, string Output)
{
    /// <summary>Why the item is skipped without being an error (its output exists and the run is resumable).</summary>
    public string? Skip { get; init; }

    /// <summary>Why the item fails without being run (two inputs would write one output).</summary>
    public ImageFileException? Problem { get; init; }
}

/// <summary>The inputs of a run, expanded and paired with their outputs, in the order they will run.</summary>
public sealed class BatchPlan
{
    internal BatchPlan(IReadOnlyList<BatchItem> items, IReadOnlyList<string> unmatched, bool createFolders)
    {
        Items = items;
        Unmatched = unmatched;
        CreateFolders = createFolders;
    }

    public IReadOnlyList<BatchItem> Items { get; }

    /// <summary>Input patterns or folders that matched no image file (worth a warning, not an error).</summary>
    public IReadOnlyList<string> Unmatched { get; }

    /// <summary>Whether the runner creates output folders as needed (true when outputs go to an output folder).</summary>
    public bool CreateFolders { get; }

    /// <summary>A plan of items made by the caller, run in the order given.</summary>
    public static BatchPlan Of(IEnumerable<BatchItem> items, bool createFolders = false) => new(items.ToList(), [], createFolders);
}
