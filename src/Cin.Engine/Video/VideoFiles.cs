namespace Cin.Engine.Video;

/// <summary>Which files are taken as video, by extension, and which containers cin writes.</summary>
public static class VideoFiles
{
    /// <summary>Containers read (anything ffmpeg reads works; these are the names that route a file to video).</summary>
    public static readonly IReadOnlySet<string> InputExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".wmv", ".flv", ".3gp", ".ogv",
    };

    public static bool IsVideo(string path) => InputExtensions.Contains(Path.GetExtension(path));

    /// <summary>The container written for an output path, or null when cin writes no video with that extension.</summary>
    public static VideoContainer? OutputContainer(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp4" => VideoContainer.Mp4,
        ".mkv" => VideoContainer.Matroska,
        ".webm" => VideoContainer.WebM,
        _ => null,
    };
}

/// <summary>The containers cin writes: H.264 in MP4 and Matroska, VP9 in WebM.</summary>
public enum VideoContainer
{
    Mp4,
    Matroska,
    WebM,
}
