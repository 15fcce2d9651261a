using Cin.Engine.Imaging;

namespace Cin.Engine.Batch;

/// <summary>One input and its output. <see cref="Skip"/> or <see cref="Problem"/> say why it will not be stylized.</summary>
public sealed record BatchItem(string Input, string Output)
{
    /// <summary>Why the item is skipped without being an error (its output exists and the run is resumable).</summary>
    public string? Skip { get; init; }

    /// <summary>Why the item fails without being run (its output is its input, two inputs would write one output, ...).</summary>
    public ImageFileException? Problem { get; init; }

    /// <summary>The output's folder, missing, which the runner creates before writing.</summary>
    public string? FolderToCreate { get; init; }

    /// <summary>The item for an output as <see cref="OutputPlanner"/> planned it.</summary>
    public static BatchItem From(PlannedOutput planned) => new(planned.Input, planned.Output)
    {
        Skip = planned.Skip ? "its output exists" : null,
        Problem = planned.Problem,
        FolderToCreate = planned.FolderToCreate,
    };
}

/// <summary>The inputs of a run, expanded and paired with their outputs, in the order they will run.</summary>
public sealed class BatchPlan
{
    internal BatchPlan(IReadOnlyList<BatchItem> items, IReadOnlyList<string> unmatched)
    {
        Items = items;
        Unmatched = unmatched;
    }

    public IReadOnlyList<BatchItem> Items { get; }

    /// <summary>Input patterns or folders that matched no image file (worth a warning, not an error).</summary>
    public IReadOnlyList<string> Unmatched { get; }

    /// <summary>A plan of items made by the caller, run in the order given.</summary>
    public static BatchPlan Of(IEnumerable<BatchItem> items) => new(items.ToList(), []);
}
