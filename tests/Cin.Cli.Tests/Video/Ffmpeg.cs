using System.Diagnostics;
using Cin.Engine.Video;

namespace Cin.Cli.Tests.Video;

/// <summary>ffmpeg and ffprobe for the video tests: making source clips, and checking what cin wrote.</summary>
internal static class Ffmpeg
{
    /// <summary>The tools, or a skip when they are not installed (CI installs Debian's ffmpeg).</summary>
    public static VideoTools Tools()
    {
        try { return VideoTools.Find(); }
        catch (VideoToolsMissingException) { Assert.Skip("ffmpeg and ffprobe are not installed"); throw; }
    }

    /// <summary>Runs ffmpeg with these arguments and asserts it succeeded; returns its standard error.</summary>
    public static string Run(params string[] args)
    {
        var (code, _, error) = Execute(Tools().Ffmpeg, args);
        Assert.True(code == 0, $"ffmpeg {string.Join(' ', args)} failed: {error}");
        return error;
    }

    /// <summary>
    /// A test clip: ffmpeg's moving test pattern, <paramref name="frames"/> frames, with a sine tone unless silent.
    /// <paramref name="extra"/> goes before the output name (codec, pixel format, colour tags).
    /// </summary>
    public static void MakeClip(string path, int width, int height, string rate, int frames, bool audio = true, params string[] extra)
    {
        var args = new List<string> { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={rate}" };
        if (audio) args.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]);
        args.AddRange(["-frames:v", frames.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (audio) args.AddRange(["-shortest"]);
        args.AddRange(extra);
        args.Add(path);
        Run(args.ToArray());
    }

    /// <summary>One stream's entries, as ffprobe prints them ("key=value"), with the frames counted by decoding.</summary>
    public static Dictionary<string, string> Stream(string path, string selector)
    {
        var (code, output, error) = Execute(Tools().Ffprobe, ["-v", "error", "-count_frames", "-select_streams", selector,
            "-show_entries", "stream=codec_name,width,height,r_frame_rate,nb_read_frames,pix_fmt,color_range", "-of", "default=noprint_wrappers=1", path]);
        Assert.True(code == 0, $"ffprobe {path} failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
    }

    /// <summary>Decodes every stream of the file to nothing: a clip that plays decodes without an error.</summary>
    public static void AssertPlays(string path)
    {
        var (code, _, error) = Execute(Tools().Ffmpeg, ["-v", "error", "-xerror", "-i", path, "-f", "null", "-"]);
        Assert.True(code == 0 && error.Trim().Length == 0, $"{path} does not decode cleanly: {error}");
    }

    public static (int Code, string Output, string Error) Execute(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
