using Cin.Engine.Imaging;

namespace Cin.Engine.Batch;

/// <summary>
/// What the user asked for the outputs of a run: where they go and under what name. The same rules serve
/// <c>cin -o/--name</c> and <c>Convert-CinImage -Destination</c>.
/// </summary>
public sealed record OutputRequest
{
    /// <summary>
    /// A file (one input) or a folder; null puts each output beside its input. Whether it is a folder is
    /// <see cref="DestinationIsFolder"/>, or when that is null <see cref="OutputPlanner.IsFolder"/>.
    /// </summary>
    public string? Destination { get; init; }

    /// <summary>Expand the tokens in <see cref="Destination"/> for each input (<c>-Destination 'styles/{style}.jpg'</c>).</summary>
    public bool DestinationHasTokens { get; init; }

    /// <summary>True or false when the front end has decided; null for <see cref="OutputPlanner.IsFolder"/>.</summary>
    public bool? DestinationIsFolder { get; init; }

    /// <summary>The file name of outputs in a folder or beside their input, with <see cref="OutputName.Tokens"/>; it may hold subfolders ("{style}/{name}.jpg").</summary>
    public string NamePattern { get; init; } = OutputName.DefaultPattern;

    /// <summary>What {style} becomes (<see cref="Batch.StyleLabel.For"/>).</summary>
    public string StyleLabel { get; init; } = "stylized";

    /// <summary>What {model} becomes.</summary>
    public string Model { get; init; } = "";

    /// <summary>Replace outputs that exist (never the input itself).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Leave inputs whose output exists alone (a resumable run).</summary>
    public bool SkipExisting { get; init; }

    /// <summary>Create missing output folders (<see cref="PlannedOutput.FolderToCreate"/>); otherwise writing reports them.</summary>
    public bool CreateFolders { get; init; }

    /// <summary>
    /// Turns a destination as written into a file system path (PowerShell resolves its own provider paths against
    /// its current location); null uses it as written. May throw <see cref="ArgumentException"/>.
    /// </summary>
    public Func<string, string>? ResolvePath { get; init; }
}

/// <summary>Why an input gets no output.</summary>
public enum OutputRefusal
{
    /// <summary>The output path is the input's own file: writing it would destroy the photo, so no option allows it.</summary>
    OutputIsInput,
    /// <summary>An earlier input of the same run already has this output (<see cref="PlannedOutput.EarlierInput"/>).</summary>
    TakenByEarlierInput,
    /// <summary>The output exists and neither overwriting nor skipping was asked for.</summary>
    OutputExists,
}

/// <summary>One input's output, as planned: the path, and whether and how it may be written.</summary>
public sealed record PlannedOutput(string Input, string Output)
{
    /// <summary>Why nothing will be written for this input; null when it may be.</summary>
    public OutputRefusal? Refusal { get; init; }

    /// <summary>The input that claimed the output first, for <see cref="OutputRefusal.TakenByEarlierInput"/>.</summary>
    public string? EarlierInput { get; init; }

    /// <summary>The output exists now (and will be replaced, or skipped).</summary>
    public bool Exists { get; init; }

    /// <summary>Skipped, not an error: its output exists and the run is resumable.</summary>
    public bool Skip { get; init; }

    /// <summary>The output's folder when it is missing and <see cref="OutputRequest.CreateFolders"/> is set.</summary>
    public string? FolderToCreate { get; init; }

    /// <summary>The refusal as a file error, in the engine's words (front ends add their own hints).</summary>
    public ImageFileException? Problem => Refusal switch
    {
        OutputRefusal.OutputIsInput => new ImageFileException(Input, ImageFileError.OutputIsInput, "the output would replace the input itself"),
        OutputRefusal.TakenByEarlierInput => new ImageFileException(Input, ImageFileError.OutputCollision, $"would be written to {Output}, like {EarlierInput}"),
        OutputRefusal.OutputExists => new ImageFileException(Output, ImageFileError.OutputExists, "already exists"),
        _ => null,
    };
}

/// <summary>
/// Names each input's output and decides whether it may be written: the folder-or-file rule for the destination,
/// the tokens, the PNG fallback for formats cin cannot write, an output that is its own input, two inputs with one
/// output, existing outputs, and missing folders. Front ends resolve their inputs, then ask this for each one in
/// order; it remembers the outputs already claimed.
/// </summary>
public sealed class OutputPlanner
{
    private readonly OutputRequest _request;
    private readonly Dictionary<string, string> _claimed;
    // Each folder's path with links resolved, looked up once per planner (see PathIdentity.Canonical).
    private readonly Dictionary<string, string> _realFolders = new(PathIdentity.Comparer);

    /// <summary>Throws <see cref="OutputPatternException"/> for a name pattern or destination that cannot work.</summary>
    public OutputPlanner(OutputRequest request)
        : this(request, new Dictionary<string, string>(PathIdentity.Comparer))
    {
        if (request.NamePattern != OutputName.DefaultPattern) OutputName.CheckNamePattern(request.NamePattern);
        if (request.Destination is { } destination && request.DestinationHasTokens) OutputName.CheckTokens(destination);
    }

    private OutputPlanner(OutputRequest request, Dictionary<string, string> claimed)
    {
        _request = request;
        _claimed = claimed;
    }

    /// <summary>
    /// The same rules for another style (a pipeline of styles), sharing the outputs claimed so far, so that two
    /// styles that would write one file are refused like two inputs.
    /// </summary>
    public OutputPlanner ForStyle(string styleLabel, string model) =>
        new(_request with { StyleLabel = styleLabel, Model = model }, _claimed);

    /// <summary><see cref="PathIdentity.Canonical"/>, with this planner's folders resolved once.</summary>
    public string Canonical(string path) => PathIdentity.Canonical(path, _realFolders);

    /// <summary><see cref="PathIdentity.SameFile"/>, with this planner's folders resolved once.</summary>
    public bool SameFile(string input, string output) => PathIdentity.SameFile(input, output, _realFolders);

    /// <summary>
    /// Whether a destination means a folder: one that exists, one written with a trailing separator, or a name
    /// without an extension that is not an existing file ("out"). Anything else names a file.
    /// </summary>
    /// <param name="written">The destination as the user wrote it (for the trailing separator).</param>
    /// <param name="resolved">The same as a file system path.</param>
    public static bool IsFolder(string written, string resolved) =>
        Directory.Exists(resolved)
        || written.EndsWith('/') || written.EndsWith(Path.DirectorySeparatorChar) || written.EndsWith(Path.AltDirectorySeparatorChar)
        || (Path.GetExtension(resolved).Length == 0 && !File.Exists(resolved));

    /// <summary>The output path for an input, by the rules alone (nothing checked, nothing claimed).</summary>
    /// <param name="relativeFolder">The input's folder under the folder it was found in, mirrored under a destination folder.</param>
    public string OutputFor(string input, string relativeFolder = "")
    {
        string name = Expand(_request.NamePattern, input);
        if (_request.Destination is not { } written)
            return Path.Combine(Path.GetDirectoryName(input) ?? "", name);
        if (_request.DestinationHasTokens) written = Expand(written, input);
        string resolved = _request.ResolvePath is { } resolve ? resolve(written) : written;
        bool folder = _request.DestinationIsFolder ?? IsFolder(written, resolved);
        return folder ? Path.Combine(resolved, relativeFolder, name) : resolved;
    }

    /// <summary>Plans an input's output and claims it, so that a later input with the same output is refused.</summary>
    public PlannedOutput Plan(string input, string relativeFolder = "") => Claim(input, OutputFor(input, relativeFolder));

    /// <summary>Checks and claims an output already named by <see cref="OutputFor"/>.</summary>
    public PlannedOutput Claim(string input, string output)
    {
        var planned = new PlannedOutput(input, output);
        if (SameFile(input, output))
            return planned with { Refusal = OutputRefusal.OutputIsInput };
        string key = Canonical(output);
        if (_claimed.TryGetValue(key, out string? earlier))
            return planned with { Refusal = OutputRefusal.TakenByEarlierInput, EarlierInput = earlier };
        _claimed[key] = input;

        bool exists = File.Exists(output);
        if (exists && _request.SkipExisting) return planned with { Exists = true, Skip = true };
        if (exists && !_request.Overwrite) return planned with { Exists = true, Refusal = OutputRefusal.OutputExists };
        string? folder = Path.GetDirectoryName(output);
        bool missing = _request.CreateFolders && !string.IsNullOrEmpty(folder) && !Directory.Exists(folder);
        return planned with { Exists = exists, FolderToCreate = missing ? folder : null };
    }

    private string Expand(string pattern, string input) => OutputName.Expand(pattern, input, _request.StyleLabel, _request.Model);
}
