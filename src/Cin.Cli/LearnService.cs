using System.Diagnostics;
using System.Globalization;
using Cin.Engine;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Learning;
using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.Cli;

/// <summary>What `cin learn` was asked, before defaults are filled in.</summary>
public sealed record LearnCommandRequest(string Painting, string Name, IReadOnlyList<string> Photos)
{
    public string? Model { get; init; }
    public int? Steps { get; init; }
    public int? StyleSize { get; init; }
    public double? StyleWeight { get; init; }
    public int? Threads { get; init; }
    public string? Out { get; init; }
    public string? Preview { get; init; }
    public int PreviewEvery { get; init; } = 25;
    public bool Resume { get; init; }
    public bool Force { get; init; }
}

/// <summary>
/// `cin learn`: learns a style row with <see cref="LearnSession"/>, showing a live line of the step, the losses,
/// steps per second and the time left; writes the style file at the end. Ctrl-C (or SIGTERM) stops after the current
/// step and saves a checkpoint beside the style file, which <c>--resume</c> continues from.
/// </summary>
public sealed class LearnService(IModelCatalog catalog, ILearningBackend? learning, TextWriter output, TextWriter error, CinConsole? console = null)
{
    /// <summary>The model a style is learned on when none is named (docs/learn/README.md says why).</summary>
    public const string DefaultModel = LearnSettings.DefaultModel;

    private readonly CinConsole _console = console ?? CinConsole.Redirected;

    public int Run(LearnCommandRequest request) => ErrorReporting.Run(error, () => Learn(request));

    private int Learn(LearnCommandRequest request)
    {
        if (learning is null) throw new UsageException("this build of cin cannot learn styles (no loss network compiled in)");
        if (!StyleNames.IsValid(request.Name))
            throw new UsageException($"--name '{request.Name}' is not a style name: use lower-case letters and digits joined by '-' (at most {StyleNames.MaxLength})");
        if (request.Photos.Count == 0)
            throw new UsageException("--photos is missing: give the photos to learn on (files, folders or patterns; 20 or more recommended), e.g. --photos ~/Pictures/holiday");
        ModelInfo model = ModelLookup.Find(catalog, request.Model ?? DefaultModel);
        if (model.Find(request.Name) is not null)
            throw new UsageException($"model '{model.Name}' already has a style named '{request.Name}'; choose another --name");

        var defaults = new LearnSettings();
        var settings = defaults with
        {
            Steps = request.Steps ?? defaults.Steps,
            StyleSize = request.StyleSize ?? defaults.StyleSize,
            Weights = defaults.Weights with { Style = request.StyleWeight ?? defaults.Weights.Style },
        };
        string styleFile = request.Out ?? UserStyleFolder.FileFor(request.Name);
        string checkpointFile = Path.ChangeExtension(styleFile, LearnCheckpoint.Extension);
        if (!request.Force && !request.Resume && File.Exists(styleFile))
            throw new UsageException($"{styleFile} already exists (use --force to replace it)");
        if (request.Out is null) Directory.CreateDirectory(Path.GetDirectoryName(styleFile)!);
        else if (Path.GetDirectoryName(Path.GetFullPath(styleFile)) is { } folder && !Directory.Exists(folder))
            throw new UsageException($"{folder}: the folder for --out does not exist");
        LearnCheckpoint? resume = null;
        if (request.Resume)
        {
            if (!File.Exists(checkpointFile)) throw new UsageException($"--resume: no checkpoint at {checkpointFile}");
            resume = LearnCheckpoint.Read(checkpointFile);
        }

        var (files, unmatched) = BatchPlanner.Expand(request.Photos);
        foreach (string missing in unmatched) error.WriteLine($"cin: {missing}: no photos there");
        if (files.Count == 0) throw new UsageException("--photos named no photos (files, folders or patterns of JPEG, PNG, WebP, BMP, TIFF or GIF)");

        int threads = request.Threads ?? Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();
        var network = catalog.Load(model.Name);
        LearnSession session;
        try
        {
            session = LearnSession.Start(new LearnRequest(request.Painting, request.Name, files, settings), network, learning, threads, resume,
                note => error.WriteLine($"cin: {note}"));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (session.PhotoCount < 20) error.WriteLine($"cin: note: {session.PhotoCount} photo(s); 20 or more of varied scenes give a style that carries to new photos");
        var preview = request.Preview is { } previewPhoto ? Preview.Open(previewPhoto, request.Name) : null;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"learning '{request.Name}' on model {model.Name} from {Path.GetFileName(request.Painting)}: {session.PhotoCount} photos, " +
            $"{settings.Steps} steps of {settings.Batch} crops of {settings.Crop} px{(resume is null ? "" : $", resuming at step {resume.Step}")} " +
            $"(prepared in {clock.Elapsed.TotalSeconds:0.0} s)"));
        if (preview is not null) output.WriteLine($"preview: {preview.Path}");

        var interrupted = 0;
        using var signals = _console.Interruptions(_ => Interlocked.Exchange(ref interrupted, 1));
        var progress = new LearnProgress(output, _console.IsTerminal, session.Step, settings.Steps);
        while (!session.Finished)
        {
            if (Volatile.Read(ref interrupted) != 0)
            {
                progress.End();
                session.Checkpoint().Write(checkpointFile);
                error.WriteLine($"cin: interrupted at step {session.Step} of {settings.Steps}; saved {checkpointFile}; continue with the same command and --resume");
                return ExitCodes.Interrupted;
            }
            var parts = session.RunStep();
            progress.Report(session.Step, parts);
            if (preview is not null && (session.Step % request.PreviewEvery == 0 || session.Finished))
                preview.Write(session.Preview(preview.Photo, threads));
        }
        progress.End();

        var style = session.Result();
        StyleFileFormat.Write(styleFile, style, overwrite: true, comment: string.Create(CultureInfo.InvariantCulture,
            $"Learned by cin learn from {Path.GetFileName(request.Painting)} on {session.PhotoCount} photos: {style.Steps} steps of {settings.Batch} crops of {settings.Crop} px, style size {settings.StyleSize}, style weight {settings.Weights.Style}."));
        if (File.Exists(checkpointFile)) File.Delete(checkpointFile);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{styleFile}: '{request.Name}' for {model.Name}, style {style.Losses.Style:0.000} (1 = the photos unstyled), content {style.Losses.Content:0.000}, " +
            $"{clock.Elapsed.TotalMinutes:0.0} min. Use it: cin photo.jpg -s {request.Name}"));
        return ExitCodes.Success;
    }

    /// <summary>The --preview photo (at most 512 px on its long side, so previews cost little) and where its picture goes.</summary>
    private sealed class Preview(FeatureMap photo, string path)
    {
        public FeatureMap Photo { get; } = photo;
        public string Path { get; } = path;

        public static Preview Open(string file, string styleName)
        {
            var rgb = LearnSession.ReadAtMost(file, 512);
            string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!;
            return new Preview(rgb, System.IO.Path.Combine(folder, $"{System.IO.Path.GetFileNameWithoutExtension(file)}-{styleName}-preview.jpg"));
        }

        public void Write(FeatureMap picture) =>
            ImageWriter.Write(picture, null, Path, new ImageWriteOptions(Quality: 90, Overwrite: true));
    }
}
