using System.Management.Automation;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Network.Streaming;

namespace Cin.PowerShell;

/// <summary>ErrorRecords for what can go wrong with one file: an id to match on, a category, and the file as target.</summary>
internal static class Errors
{
    public static ErrorRecord ForImageFile(ImageFileException e)
    {
        var (id, category) = e.Error switch
        {
            ImageFileError.Unreadable when e.InnerException is UnauthorizedAccessException => ("ImageUnreadable", ErrorCategory.PermissionDenied),
            ImageFileError.Unreadable => ("ImageUnreadable", ErrorCategory.ReadError),
            ImageFileError.Empty => ("ImageEmpty", ErrorCategory.InvalidData),
            ImageFileError.NotAnImage => ("NotAnImage", ErrorCategory.InvalidData),
            ImageFileError.Corrupt => ("ImageCorrupt", ErrorCategory.InvalidData),
            ImageFileError.TooLarge => ("ImageTooLarge", ErrorCategory.LimitsExceeded),
            ImageFileError.OutputCollision => ("OutputCollision", ErrorCategory.ResourceExists),
            ImageFileError.OutputIsInput => ("OutputIsInput", ErrorCategory.InvalidArgument),
            ImageFileError.UnknownOutputFormat => ("UnknownOutputFormat", ErrorCategory.InvalidArgument),
            ImageFileError.OutputFolderMissing => ("OutputFolderMissing", ErrorCategory.ObjectNotFound),
            ImageFileError.OutputExists => ("OutputExists", ErrorCategory.ResourceExists),
            ImageFileError.Unwritable when e.InnerException is UnauthorizedAccessException => ("OutputUnwritable", ErrorCategory.PermissionDenied),
            ImageFileError.Unwritable => ("OutputUnwritable", ErrorCategory.WriteError),
            _ => ("ImageFileError", ErrorCategory.NotSpecified),
        };
        var record = new ErrorRecord(e, id, category, e.Path);
        if (e.Error == ImageFileError.OutputExists)
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "Use -Force to overwrite it, or choose another -Destination." };
        else if (e.Error == ImageFileError.OutputIsInput)
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "Choose another -Destination: the input is never replaced." };
        else if (e.Error == ImageFileError.UnknownOutputFormat)
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = $"End -Destination with one of {OutputFormat.KnownExtensions}." };
        return record;
    }

    /// <summary>The error for an output the planner refused (<see cref="PlannedOutput.Refusal"/>).</summary>
    public static ErrorRecord ForRefusal(PlannedOutput planned)
    {
        if (planned.Refusal != OutputRefusal.TakenByEarlierInput) return ForImageFile(planned.Problem!);
        var error = new ErrorRecord(
            new IOException($"{planned.Output}: already written by this command, from {planned.EarlierInput}."),
            "OutputAlreadyWritten", ErrorCategory.ResourceExists, planned.Output);
        error.ErrorDetails = new ErrorDetails(error.Exception.Message)
        {
            RecommendedAction = "Give -Destination a folder, or a name pattern such as '{name}-{style}.png' ({model} tells styles of different models apart).",
        };
        return error;
    }

    /// <summary>The banded run's spill files did not fit in the temporary folder's free space.</summary>
    public static ErrorRecord ForSpillSpace(string input, SpillSpaceException e)
    {
        var record = new ErrorRecord(new IOException($"{input}: {e.Message}", e), "TempSpaceExhausted", ErrorCategory.ResourceUnavailable, input);
        record.ErrorDetails = new ErrorDetails(record.Exception.Message)
        {
            RecommendedAction = "Give -TempPath a folder with more free space, or raise -MaxMemory so that less is spilled.",
        };
        return record;
    }

    /// <summary>Even the smallest bands of the photo's network run did not fit in -MaxMemory.</summary>
    public static ErrorRecord ForMemoryLimit(string input, MemoryLimitException e)
    {
        var record = new ErrorRecord(new InvalidOperationException($"{input}: {e.Message}", e), "MemoryLimitTooLow", ErrorCategory.LimitsExceeded, input);
        record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = "Raise -MaxMemory." };
        return record;
    }

    /// <summary>-MaxMemory's bytes, by the rules cin's --max-memory uses; a terminating error for anything else.</summary>
    public static long MemorySize(string text) => ByteSize.TryParse(text, out long bytes)
        ? bytes
        : throw new CmdletErrorException(new ErrorRecord(
            new PSArgumentException($"-MaxMemory takes a size such as {ByteSize.Examples} (K, M, G are 1024-based); got '{text}'."),
            "InvalidMaxMemory", ErrorCategory.InvalidArgument, text));

    /// <summary>-TempPath resolved to <paramref name="folder"/>, which must be an existing folder.</summary>
    public static string TempFolder(string given, string folder) => Directory.Exists(folder)
        ? folder
        : throw new CmdletErrorException(new ErrorRecord(
            new ItemNotFoundException($"-TempPath: {given}: {(File.Exists(folder) ? "is a file, not a folder" : "no such folder (create it first)")}."),
            "TempPathNotFound", ErrorCategory.ObjectNotFound, given));
}
