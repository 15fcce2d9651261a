using System.Globalization;

namespace Cin.Engine.Video;

/// <summary>
/// How an output clip is encoded, decided from its container, the source's description and the quality, and
/// recorded as data; <see cref="EncoderArguments"/> only prints it as ffmpeg arguments.
/// </summary>
/// <param name="Muxer">ffmpeg's name for the container ("mp4", "matroska", "webm").</param>
/// <param name="VideoCodec">"libx264" or "libvpx-vp9".</param>
/// <param name="PixelFormat">The encoded pixel format: "yuv420p", or "yuv420p10le" for a deep source in MKV or WebM.</param>
/// <param name="Crf">The constant rate factor that <c>--quality</c> maps to.</param>
/// <param name="AudioCodec">"copy", or the codec to re-encode the source's audio to; null for a silent source.</param>
/// <param name="Matrix">The source's YUV matrix as swscale names it ("bt709", "bt601", "bt2020"), so RGB goes back through the matrix it came from; null for swscale's default, as on decoding.</param>
/// <param name="Range">"tv" or "pc" as tagged on the source; null when untagged.</param>
public sealed record VideoEncoding(string Muxer, string VideoCodec, string PixelFormat, int Crf, string? AudioCodec, string? Matrix, string? Range)
{
    /// <summary>Audio codecs that go into MP4 as they are; anything else becomes AAC.</summary>
    private static readonly HashSet<string> Mp4Audio = ["aac", "mp3", "ac3", "eac3", "alac"];

    /// <summary>Audio codecs WebM holds; anything else becomes Opus.</summary>
    private static readonly HashSet<string> WebMAudio = ["opus", "vorbis"];

    public static VideoEncoding For(VideoContainer container, VideoInfo source, int quality)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "Quality must be 1..100.");
        string? audio = source.AudioCodec;
        return container switch
        {
            VideoContainer.Mp4 => new("mp4", "libx264", "yuv420p", X264Crf(quality),
                audio is null ? null : Mp4Audio.Contains(audio) ? "copy" : "aac", MatrixOf(source.ColorSpace), source.ColorRange),
            VideoContainer.Matroska => new("matroska", "libx264", source.HighBitDepth ? "yuv420p10le" : "yuv420p", X264Crf(quality),
                audio is null ? null : "copy", MatrixOf(source.ColorSpace), source.ColorRange),
            _ => new("webm", "libvpx-vp9", source.HighBitDepth ? "yuv420p10le" : "yuv420p", Vp9Crf(quality),
                audio is null ? null : WebMAudio.Contains(audio) ? "copy" : "libopus", MatrixOf(source.ColorSpace), source.ColorRange),
        };
    }

    /// <summary>
    /// x264's CRF runs 0 (lossless) to 51; quality 100 maps to 13 (visually lossless), the default 90 to 17, 1 to 51.
    /// </summary>
    public static int X264Crf(int quality) => (int)Math.Round(13 + (100 - quality) * 38 / 99.0);

    /// <summary>VP9's CRF runs 0 to 63; quality 100 maps to 15, the default 90 to 20, 1 to 63.</summary>
    public static int Vp9Crf(int quality) => (int)Math.Round(15 + (100 - quality) * 48 / 99.0);

    private static string? MatrixOf(string? colorSpace) => colorSpace switch
    {
        "bt709" => "bt709",
        "smpte170m" or "bt470bg" => "bt601",
        "bt2020nc" or "bt2020c" => "bt2020",
        "smpte240m" => "smpte240m",
        "fcc" => "fcc",
        _ => null,
    };

    /// <summary>
    /// ffmpeg's arguments to encode raw RGB frames from standard input into <paramref name="output"/>, taking the
    /// audio of <paramref name="source"/> along.
    /// </summary>
    public IReadOnlyList<string> EncoderArguments(VideoInfo info, bool deepPipe, string source, string output)
    {
        var args = new List<string>
        {
            "-v", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", deepPipe ? "rgb48le" : "rgb24",
            "-s", $"{info.Width}x{info.Height}", "-framerate", info.FrameRate, "-i", "pipe:0",
        };
        if (AudioCodec is not null) args.AddRange(["-i", source, "-map", "0:v:0", "-map", "1:a:0"]);
        else args.AddRange(["-map", "0:v:0"]);

        args.AddRange(["-c:v", VideoCodec, "-crf", Crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", PixelFormat]);
        if (VideoCodec == "libx264") args.AddRange(["-preset", "medium"]);
        else args.AddRange(["-b:v", "0", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1"]);

        var scale = new List<string>();
        if (Matrix is not null) scale.Add($"out_color_matrix={Matrix}");
        if (Range is not null) scale.Add($"out_range={Range}");
        if (scale.Count > 0) args.AddRange(["-vf", "scale=" + string.Join(':', scale)]);
        if (Range is not null) args.AddRange(["-color_range", Range]);
        if (info.ColorSpace is { } space) args.AddRange(["-colorspace", space]);
        if (info.ColorPrimaries is { } primaries) args.AddRange(["-color_primaries", primaries]);
        if (info.ColorTransfer is { } transfer) args.AddRange(["-color_trc", transfer]);

        if (AudioCodec is not null) args.AddRange(["-c:a", AudioCodec]);
        if (Muxer == "mp4") args.AddRange(["-movflags", "+faststart"]);
        args.AddRange(["-f", Muxer, output]);
        return args;
    }

    /// <summary>ffmpeg's arguments to decode <paramref name="source"/>'s first video stream to raw RGB on standard output, upright, every frame once.</summary>
    public static IReadOnlyList<string> DecoderArguments(string source, bool deepPipe) =>
    [
        "-v", "error", "-nostdin", "-i", source, "-map", "0:v:0", "-fps_mode", "passthrough",
        "-f", "rawvideo", "-pix_fmt", deepPipe ? "rgb48le" : "rgb24", "pipe:1",
    ];
}
