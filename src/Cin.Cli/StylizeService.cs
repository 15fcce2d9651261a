using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Photos;

namespace Cin.Cli;

/// <summary>
/// The main job, `cin photo.jpg -o out.jpg --style starry-night` and its folder form `cin photos/ -o out/ ...`,
/// independent of the command-line parser: it plans the run, stylizes and reports on the writers it is given.
/// </summary>
/// <remarks>
/// A run is a "folder run" when it may touch many files: several inputs, a folder or a wildcard pattern, or -o naming
/// a folder (an existing one, a path ending in a separator, or a name without an extension). A folder run creates its
/// output folder, shows a progress bar on a terminal and ends with a summary line. Otherwise it is the single-file
/// command of old: one line for the result or the error. Either way the exit code is 0 only if every file succeeded
/// (or was skipped), 1 if any failed, 2 for a usage mistake and 130 when interrupted.
/// </remarks>
public sealed class StylizeService(IModelCatalog catalog, TextWriter output, TextWriter error, CinConsole? console = null)
{
    private readonly CinConsole _console = console ?? CinConsole.Redirected;

    public int Run(StylizeRequest request) =>
        ErrorReporting.Run(error, () => Stylize(request));

    private int Stylize(StylizeRequest request)
    {
        if (request.Inputs.Count == 0) throw new UsageException("no input given");
        request.CheckOptions();
        var (model, weights, styleText) = ModelLookup.Style(catalog, request);
        bool folderRun = IsFolderRun(request);
        var outputs = new OutputRequest
        {
            Destination = request.Output,
            DestinationIsFolder = folderRun,
            NamePattern = request.NamePattern ?? OutputName.DefaultPattern,
            StyleLabel = StyleLabel.For(model, weights),
            Model = model.Name,
            Overwrite = request.Force,
            SkipExisting = request.SkipExisting,
            // A single file's -o names a file whose folder must exist; names made from --name get the folders they need.
            CreateFolders = folderRun || request.Output is null,
        };

        BatchPlan plan = folderRun ? PlanFolderRun(request, outputs) : PlanSingleFile(request, outputs);
        if (folderRun && !ReportUnmatched(plan)) return ExitCodes.Failure;
        int toRun = plan.Items.Count(i => i.Skip is null && i.Problem is null);
        var (jobs, threads) = Parallelism.Choose(toRun, request.Jobs, request.Threads, Environment.ProcessorCount);
        PhotoOptions photo = PhotoOptionsFor(request, threads);

        // Loading and packing the model is the slow part of starting; it waits until the plan is known to be sound.
        StyleNetwork network = toRun > 0 ? catalog.Load(model.Name) : null!;
        StyleParameters style = toRun > 0 ? StyleParameters.Blend(network, model, weights) : null!;

        using var abandon = new CancellationTokenSource();
        using var reporter = new BatchReporter(output, error, bar: folderRun && _console.IsTerminal, _console.Width, styleText);
        // Ctrl-C or SIGTERM: the files in progress are given up at their next check, within a second at any size, and
        // none is started after them; outputs already finished stay, and nothing partial is left.
        using var subscription = _console.Interruptions(_ =>
        {
            abandon.Cancel();
            reporter.Interrupted();
            _console.EndAfterGrace();
        });

        var summary = BatchRunner.Run(plan, network, style, new BatchOptions { Jobs = jobs, Photo = photo }, reporter, abandon: abandon.Token);
        reporter.Finish(summary, summary: folderRun);
        if (summary.Interrupted) return ExitCodes.Interrupted;
        // A folder or pattern that matched nothing was reported as an error too.
        return summary.Failed > 0 || plan.Unmatched.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The engine's options for every photo of <paramref name="request"/>, with <paramref name="threads"/> inside each.</summary>
    internal static PhotoOptions PhotoOptionsFor(StylizeRequest request, int threads) => new(request.Quality, request.Force, threads)
    {
        Strength = request.Strength,
        KeepColors = request.KeepColors,
        WorkSize = request.WorkSize,
        MaxPixels = request.MaxPixels,
        MaxMemoryBytes = request.MaxMemoryBytes,
        TempDirectory = request.TempDirectory,
        KeepMetadata = request.KeepMetadata,
        Software = $"cin {VersionInfo.Version()}",
    };

    private static bool IsFolderRun(StylizeRequest request)
    {
        if (request.Inputs.Count > 1) return true;
        string input = request.Inputs[0];
        if (Directory.Exists(input) || input.IndexOfAny(['*', '?', '[']) >= 0) return true;
        return request.Output is { } o && OutputPlanner.IsFolder(o, o);
    }

    private static BatchPlan PlanSingleFile(StylizeRequest request, OutputRequest outputs)
    {
        var single = Plan([request.Inputs[0]], outputs, recursive: false, request.Shard);
        if (single.Items.Count == 0) return single; // another shard's photo
        BatchItem item = single.Items[0];
        // Fail on a refused or unwritable output before the slow part (loading and packing the model).
        if (item.Problem is { } problem) throw problem;
        if (item.Skip is null && item.FolderToCreate is null) ImageWriter.CheckDestination(item.Output, request.Force);
        return BatchPlan.Of([item]);
    }

    private BatchPlan PlanFolderRun(StylizeRequest request, OutputRequest outputs)
    {
        if (request.Output is { } o && Path.GetExtension(o).Length > 0 && OutputFormat.ForPath(o) is not null && !Directory.Exists(o)
            && !o.EndsWith('/') && !o.EndsWith(Path.DirectorySeparatorChar))
            throw new UsageException($"-o '{o}' looks like a file, but this run takes a folder, a pattern or several inputs; give a folder (end it with '/')");
        var plan = Plan(request.Inputs, outputs, request.Recursive, request.Shard);
        // Created (and checked for writing, so that a read-only folder is one error, not one per photo) only once
        // there is something to write.
        if (request.Output is { } folder && plan.Items.Count > 0) BatchPlanner.PrepareOutputFolder(folder);
        return plan;
    }

    private static BatchPlan Plan(IReadOnlyList<string> inputs, OutputRequest outputs, bool recursive, Shard? shard)
    {
        try
        {
            return BatchPlanner.Plan(inputs, outputs, recursive, shard);
        }
        catch (OutputPatternException e)
        {
            throw new UsageException($"--name: {e.Message}");
        }
    }

    /// <summary>Reports folders and patterns that matched nothing; false when nothing at all is left to do.</summary>
    private bool ReportUnmatched(BatchPlan plan)
    {
        foreach (string input in plan.Unmatched)
        {
            string reason = Directory.Exists(input)
                ? Directory.EnumerateDirectories(input).Any() ? "no image files in this folder (use --recursive for its subfolders)" : "no image files in this folder"
                : "no files match this pattern";
            error.WriteLine($"cin: {input}: {reason}");
        }
        return plan.Items.Count > 0 || plan.Unmatched.Count == 0;
    }
}
