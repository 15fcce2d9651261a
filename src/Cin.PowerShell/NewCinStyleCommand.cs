using System.Management.Automation;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Learning;
using Cin.Engine.Styles;

namespace Cin.PowerShell;

/// <summary>
/// New-CinStyle: learns a new style from a painting on your photos (cin learn), saves its style file in the user's
/// style folder (or -OutFile) and writes the new style, ready to pipe into Convert-CinImage. Photos come as -PhotoPath
/// or from the pipeline (Get-ChildItem's files by their FullName). Progress is Write-Progress; Ctrl-C saves a
/// checkpoint beside the style file that -Resume continues from.
/// </summary>
[Cmdlet(VerbsCommon.New, "CinStyle", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CinStyle))]
public sealed class NewCinStyleCommand : PSCmdlet, IDisposable
{
    private const int ProgressId = 2;
    private readonly List<string> _photos = [];
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Painting { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = null!;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] PhotoPath { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string? Model { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Steps { get; set; } = new LearnSettings().Steps;

    [Parameter]
    [ValidateRange(32, 4096)]
    public int StyleSize { get; set; } = new LearnSettings().StyleSize;

    [Parameter]
    [ValidateRange(0.0, 1000.0)]
    public double StyleWeight { get; set; } = new LearnSettings().Weights.Style;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThreadCount { get; set; } = Environment.ProcessorCount;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    [Parameter]
    public SwitchParameter Resume { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string path in PhotoPath)
        {
            try
            {
                _photos.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "PhotoNotFound", ErrorCategory.ObjectNotFound, path));
            }
        }
    }

    protected override void EndProcessing()
    {
        var learning = StyleCatalog.Learning
            ?? throw Terminating(new NotSupportedException("This build of the Cin module cannot learn styles."), "LearningUnavailable", ErrorCategory.NotImplemented, Name);
        if (!StyleNames.IsValid(Name))
            throw Terminating(new ArgumentException($"'{Name}' is not a style name: use lower-case letters and digits joined by '-' (at most {StyleNames.MaxLength})."),
                "InvalidStyleName", ErrorCategory.InvalidArgument, Name);
        var model = StyleCatalog.FindModel(Model ?? LearnSettings.DefaultModel) ?? StyleCatalog.FindModel(StyleCatalog.DefaultModel)!;
        if (Model is not null && !string.Equals(model.Name, Model, StringComparison.OrdinalIgnoreCase))
            throw Terminating(new ItemNotFoundException($"unknown model '{Model}'"), "ModelNotFound", ErrorCategory.ObjectNotFound, Model);
        string painting = GetUnresolvedProviderPathFromPSPath(Painting);
        string styleFile = OutFile is { } o ? GetUnresolvedProviderPathFromPSPath(o) : Path.Combine(StyleCatalog.StyleFolder, Name + StyleFileFormat.Extension);
        string checkpointFile = Path.ChangeExtension(styleFile, LearnCheckpoint.Extension);
        if (File.Exists(styleFile) && !Force && !Resume)
            throw Terminating(new IOException($"{styleFile} already exists (use -Force to replace it)."), "StyleFileExists", ErrorCategory.ResourceExists, styleFile);
        var (files, unmatched) = BatchPlanner.Expand(_photos);
        foreach (string missing in unmatched) WriteWarning($"{missing}: no photos there");
        if (files.Count == 0)
            throw Terminating(new ArgumentException("No photos to learn on: pass -PhotoPath files, folders or patterns (20 or more recommended)."),
                "NoPhotos", ErrorCategory.InvalidArgument, PhotoPath);
        if (!ShouldProcess(styleFile, $"Learn style '{Name}' for model {model.Name} from {painting} on {files.Count} photos")) return;

        var defaults = new LearnSettings();
        var settings = defaults with { Steps = Steps, StyleSize = StyleSize, Weights = defaults.Weights with { Style = StyleWeight } };
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(styleFile)!);
            var resume = Resume && File.Exists(checkpointFile) ? LearnCheckpoint.Read(checkpointFile) : null;
            var network = StyleCatalog.Load(model);
            var session = LearnSession.Start(new LearnRequest(painting, Name, files, settings), network, learning, ThreadCount, resume,
                note => WriteWarning(note), _stop.Token);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int first = session.Step;
            while (!session.Finished)
            {
                if (_stop.IsCancellationRequested)
                {
                    session.Checkpoint().Write(checkpointFile);
                    WriteWarning($"Stopped at step {session.Step} of {settings.Steps}; saved {checkpointFile}. Run the same command with -Resume to continue.");
                    throw new PipelineStoppedException();
                }
                var parts = session.RunStep();
                double rate = (session.Step - first) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                WriteProgress(new ProgressRecord(ProgressId, $"Learning style '{Name}'",
                    $"step {session.Step}/{settings.Steps}: style {parts.Style:0.000}, content {parts.Content:0.000}")
                {
                    PercentComplete = 100 * session.Step / settings.Steps,
                    SecondsRemaining = rate > 0 ? (int)((settings.Steps - session.Step) / rate) : -1,
                });
            }
            WriteProgress(new ProgressRecord(ProgressId, $"Learning style '{Name}'", "Done") { RecordType = ProgressRecordType.Completed });
            var style = session.Result();
            StyleFileFormat.Write(styleFile, style, overwrite: true, comment: $"Learned by New-CinStyle from {Path.GetFileName(painting)} on {session.PhotoCount} photos.");
            if (File.Exists(checkpointFile)) File.Delete(checkpointFile);
            var extended = LearnedStyleLibrary.Single(styleFile).Extend(model);
            WriteObject(StyleCatalog.ToCinStyle(extended, extended.Styles[^1]));
        }
        catch (ImageFileException e)
        {
            WriteError(Errors.ForImageFile(e));
        }
        catch (StyleFileException e)
        {
            WriteError(new ErrorRecord(new InvalidDataException(e.Message, e), "BadCheckpoint", ErrorCategory.InvalidData, checkpointFile));
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "CannotLearn", ErrorCategory.InvalidArgument, Name));
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private PipelineStoppedException Terminating(Exception e, string id, ErrorCategory category, object? target)
    {
        ThrowTerminatingError(new ErrorRecord(e, id, category, target));
        return new PipelineStoppedException(); // not reached: ThrowTerminatingError throws
    }
}
