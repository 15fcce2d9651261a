using System.Management.Automation;
using Cin.Engine.Batch;
using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using Cin.Engine.Network.Streaming;
using Cin.Engine.Photos;
using Microsoft.PowerShell.Commands;

namespace Cin.PowerShell;

/// <summary>
/// Convert-CinImage: each input photo to a stylized photo file. Convert, because the cmdlet turns data of one form
/// into another (a photo into a painting-styled photo, and into another file format when -Destination says so) and
/// leaves its input alone; Edit or Update would promise to change the input in place, New would hide that every
/// output comes from an input. The cmdlet resolves paths, asks ShouldProcess and reports progress; outputs are named
/// and checked by the engine's OutputPlanner (the same rules as cin's), and the work is PhotoStylizer's.
/// </summary>
[Cmdlet(VerbsData.Convert, "CinImage", DefaultParameterSetName = PathSet, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ConvertCinImageCommand : PSCmdlet, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ProgressId = 1;
    private const string Activity = "Stylizing images";

    private readonly CancellationTokenSource _cancel = new();
    private readonly Dictionary<string, ResolvedStyle> _styles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(PathIdentity.Comparer);
    private OutputPlanner _outputs = null!;
    private ResolvedStyle? _commandLineStyle;
    private int _started;
    private int? _total;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [CinStyleTransformation]
    [ArgumentCompleter(typeof(StyleNameCompleter))]
    public CinStyleSelection Style { get; set; } = null!;

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
    [ValidateRange(1, 1024)]
    public int ThreadCount { get; set; } = Environment.ProcessorCount;

    /// <summary>The memory one photo may use: '1G', '1500M', '800k' (1024-based) or a number of bytes (1GB works too).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MaxMemory { get; set; }

    /// <summary>An existing folder for the files a banded run spills; default the system's temporary folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TempPath { get; set; }

    private long? _maxMemoryBytes;
    private string? _tempDirectory;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _outputs = DestinationPath.Planner(this, Destination, Force);
            _maxMemoryBytes = MaxMemory is null ? null : Errors.MemorySize(MaxMemory);
            _tempDirectory = TempPath is null ? null : Errors.TempFolder(TempPath, SessionState.Path.GetUnresolvedProviderPathFromPSPath(TempPath));
        }
        catch (CmdletErrorException e)
        {
            ThrowTerminatingError(e.Record);
        }
        // A -Style given on the command line is the same for every input: a mistake in it stops the command at once.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Style)))
        {
            try
            {
                _commandLineStyle = Resolve(Style);
            }
            catch (CmdletErrorException e)
            {
                ThrowTerminatingError(e.Record);
            }
        }
    }

    protected override void ProcessRecord()
    {
        ResolvedStyle style;
        try
        {
            style = _commandLineStyle ?? Resolve(Style);
        }
        catch (CmdletErrorException e)
        {
            WriteError(e.Record);
            return;
        }
        var inputs = ResolveInputs();
        // Without pipeline input, every input is known now, so progress can show a percentage.
        if (!MyInvocation.ExpectingInput) _total = inputs.Count;
        foreach (string input in inputs) Convert(input, style);
    }

    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    private ResolvedStyle Resolve(CinStyleSelection selection)
    {
        string key = $"{selection.Model}\n{Model}\n{selection.Text}";
        if (!_styles.TryGetValue(key, out var style)) _styles[key] = style = ResolvedStyle.Resolve(selection, Model);
        return style;
    }

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
        string output = planned.Output;
        ReportProgress(input, style, output);
        if (planned.Refusal is not null)
        {
            WriteError(Errors.ForRefusal(planned));
            return;
        }

        if (planned.FolderToCreate is { } folder && !EnsureFolder(folder)) return;
        string action = $"{(planned.Exists ? "Overwrite" : "Create")} file, stylized as {style.Label} from {input}";
        if (!ShouldProcess(output, action)) return;

        try
        {
            var network = StyleCatalog.Load(style.Model);
            var result = PhotoStylizer.StylizeFile(input, output, network, style.Parameters(network), Options(), _cancel.Token);
            foreach (string note in result.Notes) WriteWarning($"{input}: {note}");
            string streamed = StreamDescription.Describe(result.Network) is { } how ? $" ({how})" : "";
            WriteVerbose($"{input} -> {output}: {result.Width}x{result.Height}, style {style.Text}, {result.Elapsed.TotalSeconds:0.00} s{streamed}");
            if (PassThru) WriteObject(InvokeProvider.Item.Get([output], force: true, literalPath: true), enumerateCollection: true);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // PhotoStylizer stops before it writes, and writes through a temporary file: no partial output is left.
            throw new PipelineStoppedException();
        }
        catch (ImageFileException e)
        {
            WriteError(Errors.ForImageFile(e));
        }
        catch (SpillSpaceException e)
        {
            WriteError(Errors.ForSpillSpace(input, e));
        }
        catch (MemoryLimitException e)
        {
            WriteError(Errors.ForMemoryLimit(input, e));
        }
        catch (OutOfMemoryException e)
        {
            WriteError(new ErrorRecord(new OutOfMemoryException($"{input}: out of memory; try -MaxMemory, -WorkSize or a smaller image.", e),
                "OutOfMemory", ErrorCategory.ResourceUnavailable, input));
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            // A failure of one file is that file's error; the rest of the batch goes on.
            WriteError(new ErrorRecord(e, "ConversionFailed", ErrorCategory.NotSpecified, input));
        }
    }

    private PhotoOptions Options() => new(Quality: Quality, Overwrite: Force.IsPresent, Threads: ThreadCount)
    {
        Strength = Strength,
        KeepColors = Enum.Parse<ColorKeeping>(KeepColors, ignoreCase: true),
        WorkSize = WorkSize > 0 ? WorkSize : null,
        MaxMemoryBytes = _maxMemoryBytes,
        TempDirectory = _tempDirectory,
    };

    /// <summary>
    /// Creates the output's folder if it is missing, under ShouldProcess. False when the user declined; under -WhatIf
    /// the file's own "What if" still follows, so the preview shows everything a real run would do.
    /// </summary>
    private bool EnsureFolder(string folder)
    {
        if (Directory.Exists(folder) || _folders.Contains(folder)) return true;
        if (!ShouldProcess($"Create folder \"{folder}\".", $"Create folder \"{folder}\"?", "Confirm", out var reason))
        {
            _folders.Add(folder); // ask once per folder
            return reason == ShouldProcessReason.WhatIf;
        }
        try
        {
            Directory.CreateDirectory(folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "OutputFolderUnwritable",
                e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, folder));
            return false;
        }
    }

    /// <summary>The files that -Path or -LiteralPath name: one non-terminating error for each that cannot be used.</summary>
    private List<string> ResolveInputs()
    {
        var files = new List<string>();
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string path in literal ? LiteralPath : Path)
        {
            bool wildcard = !literal && WildcardPattern.ContainsWildcardCharacters(path);
            try
            {
                ProviderInfo provider;
                IEnumerable<string> resolved = literal
                    ? [SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _)]
                    : GetResolvedProviderPathFromPSPath(path, out provider);
                if (provider.ImplementingType != typeof(FileSystemProvider))
                {
                    WriteError(new ErrorRecord(new PSArgumentException($"'{path}' is not a file system path."),
                        "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
                    continue;
                }
                foreach (string file in resolved)
                {
                    if (Directory.Exists(file))
                    {
                        // A wildcard that also matches folders means the files among the matches.
                        if (!wildcard)
                            WriteError(new ErrorRecord(
                                new ArgumentException($"{file}: is a folder; pipe its files instead (Get-ChildItem -File)."),
                                "InputIsFolder", ErrorCategory.InvalidArgument, file));
                    }
                    else if (!File.Exists(file))
                    {
                        WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{file}' because it does not exist."),
                            "PathNotFound", ErrorCategory.ObjectNotFound, file));
                    }
                    else
                    {
                        files.Add(file);
                    }
                }
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            }
            catch (Exception e) when (e is SessionStateException or PSArgumentException or ArgumentException or NotSupportedException)
            {
                WriteError(new ErrorRecord(e, "InvalidPath", ErrorCategory.InvalidArgument, path));
            }
        }
        return files;
    }

    private void ReportProgress(string input, ResolvedStyle style, string output)
    {
        _started++;
        string name = System.IO.Path.GetFileName(input);
        var record = new ProgressRecord(ProgressId, Activity,
            _total is int total ? $"{_started} of {total}: {name} ({style.Label})" : $"File {_started}: {name} ({style.Label})")
        {
            CurrentOperation = output,
            PercentComplete = _total is int t && t > 0 ? Math.Min(100, (_started - 1) * 100 / t) : -1,
        };
        WriteProgress(record);
    }
}
