using System.Diagnostics;
using System.Globalization;
using Cin.Engine.Imaging;

namespace Cin.Engine.Video;

/// <summary>Runs ffprobe on a clip and reads its answer (key=value lines, one section per stream).</summary>
public static class VideoProbe
{
    private const string Entries =
        "stream=codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,nb_frames,pix_fmt,bits_per_raw_sample," +
        "color_range,color_space,color_primaries,color_transfer:stream_tags=rotate:stream_side_data=rotation:format=duration";

    /// <summary>The clip's description; <see cref="ImageFileException"/> (one line naming the file) when it is no video.</summary>
    public static VideoInfo Probe(VideoTools tools, string path)
    {
        if (!File.Exists(path))
            throw new ImageFileException(path, ImageFileError.Unreadable, Directory.Exists(path) ? "is a folder, not a video" : "no such file");
        if (new FileInfo(path).Length == 0) throw new ImageFileException(path, ImageFileError.Empty, "the file is empty");
        using var process = Process.Start(VideoTools.Start(tools.Ffprobe, ["-v", "error", "-show_entries", Entries, "-of", "default", path]))
            ?? throw new InvalidOperationException($"Could not start {tools.Ffprobe}.");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new ImageFileException(path, ImageFileError.NotAnImage, $"not a video ffmpeg can read ({LastLine(error.Result, path)})");
        return Parse(output) ?? throw new ImageFileException(path, ImageFileError.NotAnImage, "has no video stream");
    }

    /// <summary>ffprobe's default output read into a <see cref="VideoInfo"/>; null when there is no video stream.</summary>
    public static VideoInfo? Parse(string output)
    {
        var sections = new List<(string Kind, Dictionary<string, string> Values)>();
        Dictionary<string, string>? current = null;
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (line is "[STREAM]" or "[FORMAT]") { current = new Dictionary<string, string>(); sections.Add((line, current)); continue; }
            if (line.StartsWith("[/", StringComparison.Ordinal)) { current = null; continue; }
            int equals = line.IndexOf('=');
            if (current is null || equals <= 0) continue;
            string key = line[..equals], value = line[(equals + 1)..];
            if (key.StartsWith("TAG:", StringComparison.Ordinal)) key = key[4..];
            current.TryAdd(key, value);
        }
        var video = sections.FirstOrDefault(s => s.Kind == "[STREAM]" && Get(s.Values, "codec_type") == "video").Values;
        if (video is null || Int(video, "width") is not { } width || Int(video, "height") is not { } height) return null;
        var audio = sections.FirstOrDefault(s => s.Kind == "[STREAM]" && Get(s.Values, "codec_type") == "audio").Values;
        var format = sections.FirstOrDefault(s => s.Kind == "[FORMAT]").Values;

        int rotation = (int)Math.Round(Double(video, "rotation") ?? Double(video, "rotate") ?? 0);
        if (Math.Abs(rotation) % 180 == 90) (width, height) = (height, width);
        string rate = Rate(Get(video, "avg_frame_rate")) ?? Rate(Get(video, "r_frame_rate")) ?? "25/1";
        long? frames = Long(video, "nb_frames");
        if (frames is null && format is not null && Double(format, "duration") is { } duration)
            frames = (long)Math.Round(duration * new VideoInfo { Width = 1, Height = 1, FrameRate = rate }.FramesPerSecond);
        string pixelFormat = Get(video, "pix_fmt") ?? "";
        bool deep = Int(video, "bits_per_raw_sample") is > 8 || pixelFormat.Contains("10") || pixelFormat.Contains("12") || pixelFormat.Contains("16");
        return new VideoInfo
        {
            Width = width,
            Height = height,
            FrameRate = rate,
            FrameCount = frames,
            HighBitDepth = deep,
            ColorRange = Known(Get(video, "color_range")),
            ColorSpace = Known(Get(video, "color_space")),
            ColorPrimaries = Known(Get(video, "color_primaries")),
            ColorTransfer = Known(Get(video, "color_transfer")),
            Rotation = rotation,
            AudioCodec = audio is null ? null : Get(audio, "codec_name"),
        };
    }

    private static string? Get(Dictionary<string, string> values, string key) => values.TryGetValue(key, out var v) ? v : null;

    private static string? Known(string? value) => value is null or "unknown" or "N/A" or "" ? null : value;

    private static int? Int(Dictionary<string, string> values, string key) =>
        int.TryParse(Get(values, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static long? Long(Dictionary<string, string> values, string key) =>
        long.TryParse(Get(values, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v > 0 ? v : null;

    private static double? Double(Dictionary<string, string> values, string key) =>
        double.TryParse(Get(values, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    /// <summary>"30000/1001" as it is, or null for ffprobe's "0/0" (unknown).</summary>
    private static string? Rate(string? text)
    {
        if (text is null) return null;
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !long.TryParse(parts[0], out long num) || !long.TryParse(parts[1], out long den) || num <= 0 || den <= 0) return null;
        return text;
    }

    /// <summary>ffmpeg's last error line, without the file name it repeats.</summary>
    internal static string LastLine(string text, string path)
    {
        string line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no details";
        string prefix = path + ": ";
        return line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : line;
    }
}
