using System.Diagnostics;

namespace Cin.Engine.Video;

/// <summary>
/// The ffmpeg and ffprobe programs cin decodes and encodes video with: from <c>--ffmpeg PATH</c> (the ffmpeg
/// executable, with ffprobe beside it, or the folder holding both), else from PATH. Writing codecs is not cin's job.
/// </summary>
public sealed record VideoTools(string Ffmpeg, string Ffprobe)
{
    /// <summary>What to run to get them, for each common system, in one line.</summary>
    public const string InstallHint =
        "ffmpeg and ffprobe are needed for video; install them (Debian/Ubuntu: sudo apt install ffmpeg; " +
        "Windows: winget install ffmpeg; macOS: brew install ffmpeg) or give --ffmpeg PATH";

    /// <summary>Finds both programs; throws <see cref="VideoToolsMissingException"/> when either is missing.</summary>
    public static VideoTools Find(string? ffmpegPath = null)
    {
        string exe = OperatingSystem.IsWindows() ? ".exe" : "";
        if (ffmpegPath is { Length: > 0 })
        {
            string folder = Directory.Exists(ffmpegPath) ? ffmpegPath : Path.GetDirectoryName(Path.GetFullPath(ffmpegPath))!;
            string ffmpeg = Directory.Exists(ffmpegPath) ? Path.Combine(folder, "ffmpeg" + exe) : ffmpegPath;
            string ffprobe = Path.Combine(folder, "ffprobe" + exe);
            if (!File.Exists(ffmpeg)) throw new VideoToolsMissingException($"{ffmpeg}: no such file; {InstallHint}");
            if (!File.Exists(ffprobe)) throw new VideoToolsMissingException($"{ffprobe}: no such file (ffprobe must sit beside ffmpeg); {InstallHint}");
            return new VideoTools(ffmpeg, ffprobe);
        }
        string? foundFfmpeg = OnPath("ffmpeg" + exe), foundFfprobe = OnPath("ffprobe" + exe);
        if (foundFfmpeg is null || foundFfprobe is null) throw new VideoToolsMissingException(InstallHint);
        return new VideoTools(foundFfmpeg, foundFfprobe);
    }

    private static string? OnPath(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>A start description with the arguments given one by one (no shell quoting), all three streams redirected.</summary>
    internal static ProcessStartInfo Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}

/// <summary>ffmpeg or ffprobe is not installed (or not where --ffmpeg says); the message says how to get them.</summary>
public sealed class VideoToolsMissingException(string message) : Exception(message);
