using System.Globalization;
using System.Management.Automation;
using Cin.Engine.Imaging;
using Cin.Engine.Batch;
using Cin.Engine.Finishing;
using Cin.Engine.Video;
using Microsoft.PowerShell.Commands;

namespace Cin.PowerShell;

/// <summary>
/// Convert-CinVideo: each input clip to a stylized clip, through ffmpeg. A separate cmdlet from Convert-CinImage
/// because video has options of its own (-Temporal, -FfmpegPath, -KeepPartial) and a progress of its own (frames,
/// fps, ETA), and is one long job per file rather than many short ones. The work is VideoStylizer's.
/// </summary>
[Cmdlet(VerbsData.Convert, "CinVideo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ConvertCinVideoCommand : PSCmdlet, IDisposable
{
    private const int ProgressId = 2;
    private const string Activity = "Stylizing video";

    private readonly CancellationTokenSource _cancel = new();
    private VideoTools? _tools;
    private OutputPlanner _outputs = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1)]
    [CinStyleTransformation]
    [ArgumentCompleter(typeof(StyleNameCompleter))]
    public CinStyleSelection Style { get; set; } = null!;

    /// <summary>A file (.mp4, .mkv, .webm), a folder, or a pattern with {name}, {style}, {ext}, {model}.</summary>
    [Parameter(Position = 2)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string? Model { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int Quality { get; set; } = OutputFormat.DefaultQuality;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float Strength { get; set; } = 1;

    [Parameter]
    [ValidateSet("Off", "Luminance", "Histogram")]
    public string KeepColors { get; set; } = "Off";

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int WorkSize { get; set; }

    [Parameter]
    [ValidateSet("Stable", "Phase", "Off")]
    public string Temporal { get; set; } = "Stable";

    /// <summary>The ffmpeg executable (ffprobe beside it) or their folder; default: found on PATH.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FfmpegPath { get; set; }

    [Parameter]
    public SwitchParameter KeepPartial { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThreadCount { get; set; } = Environment.ProcessorCount;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _tools = VideoTools.Find(FfmpegPath);
            _outputs = DestinationPath.Planner(this, Destination, Force);
        }
        catch (CmdletErrorException e)
        {
            ThrowTerminatingError(e.Record);
        }
        catch (VideoToolsMissingException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "FfmpegMissing", ErrorCategory.NotInstalled, FfmpegPath));
        }
    }

    protected override void ProcessRecord()
    {
        ResolvedStyle style;
        try
        {
            style = ResolvedStyle.Resolve(Style, Model);
        }
        catch (CmdletErrorException e)
        {
            WriteError(e.Record);
            return;
        }
        foreach (string path in LiteralPath)
        {
            string input = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(input))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{input}' because it does not exist."),
                    "PathNotFound", ErrorCategory.ObjectNotFound, input));
                continue;
            }
            Convert(input, style);
        }
    }

    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    private void Convert(string input, ResolvedStyle style)
    {
        PlannedOutput planned;
        try
        {
            planned = _outputs.ForStyle(style.Label, style.Model.Name).Plan(input);
        }
        catch (CmdletErrorException e)
        {
            WriteError(e.Record);
            return;
        }
        if (planned.Refusal is not null)
        {
            WriteError(Errors.ForRefusal(planned));
            return;
        }
        string output = planned.Output;
        bool preview = false;
        if (planned.FolderToCreate is { } folder)
        {
            if (ShouldProcess($"Create folder \"{folder}\".", $"Create folder \"{folder}\"?", "Confirm", out var reason)) Directory.CreateDirectory(folder);
            else if (reason == ShouldProcessReason.WhatIf) preview = true;
            else return;
        }
        if (!ShouldProcess(output, $"{(File.Exists(output) ? "Overwrite" : "Create")} video, stylized as {style.Label} from {input}") || preview) return;
        var options = new VideoOptions(_tools!)
        {
            Quality = Quality,
            Overwrite = Force.IsPresent,
            KeepPartial = KeepPartial.IsPresent,
            Frame = new FrameOptions
            {
                Temporal = Enum.Parse<TemporalMode>(Temporal, ignoreCase: true),
                Threads = ThreadCount,
                Strength = Strength,
                KeepColors = Enum.Parse<ColorKeeping>(KeepColors, ignoreCase: true),
                WorkSize = WorkSize > 0 ? WorkSize : null,
            },
        };
        // Progress comes from the stylizing thread; PowerShell takes WriteProgress only on the pipeline thread, so
        // the stylizer runs on a task and this thread relays its latest progress.
        // Boxed, so that the relay reads a whole report, never half of one being written.
        object? latest = null;
        var network = StyleCatalog.Load(style.Model);
        var parameters = style.Parameters(network);
        var work = Task.Run(() => VideoStylizer.StylizeFile(input, output, network, parameters, options, p => Volatile.Write(ref latest, p), _cancel.Token));
        string name = System.IO.Path.GetFileName(input);
        while (!work.Wait(250))
            if (Volatile.Read(ref latest) is VideoProgress p) WriteProgress(Record(name, output, p));
        try
        {
            var result = work.GetAwaiter().GetResult();
            WriteVerbose(string.Create(CultureInfo.InvariantCulture,
                $"{input} -> {output}: {result.Width}x{result.Height}, {result.Frames} frames, style {style.Text}, {result.Elapsed.TotalSeconds:0.0} s"));
            if (result.Partial) throw new PipelineStoppedException();
            if (PassThru) WriteObject(InvokeProvider.Item.Get([output], force: true, literalPath: true), enumerateCollection: true);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (ImageFileException e)
        {
            WriteError(Errors.ForImageFile(e));
        }
    }

    private static ProgressRecord Record(string name, string output, VideoProgress p)
    {
        string total = p.Total is { } t ? $"/{t}" : "";
        return new ProgressRecord(ProgressId, Activity, string.Create(CultureInfo.InvariantCulture, $"{name}: frame {p.Frames}{total}, {p.FramesPerSecond:0.0} fps"))
        {
            CurrentOperation = output,
            PercentComplete = p.Total is { } all && all > 0 ? (int)Math.Min(100, 100L * p.Frames / all) : -1,
            SecondsRemaining = p.Remaining is { } left ? (int)left.TotalSeconds : -1,
        };
    }
}
