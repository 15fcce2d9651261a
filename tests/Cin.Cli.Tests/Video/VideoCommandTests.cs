using Cin.Models;
using Cin.Engine.Video;

namespace Cin.Cli.Tests.Video;

/// <summary>
/// `cin clip.mp4 -o out.mp4 -s ...` end to end through the command, with Debian's ffmpeg: what comes out has the
/// source's frame count, size, frame rate, audio, bit depth and colour range, and plays in ffmpeg itself.
/// </summary>
public sealed class VideoCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_video_run_words_style_mistakes_and_contradictions_as_a_photo_run_does()
    {
        // Both decided before ffmpeg is looked for, so no clip and no ffmpeg are needed.
        string clip = _folder.File("clip.mp4");
        var unknown = CinRunner.Run(clip, "-s", "no-such-style");
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.EndsWith("'cin styles' lists them.", unknown.SingleErrorLine());
        Assert.Equal(CinRunner.Run(_folder.File("photo.png"), "-s", "no-such-style").SingleErrorLine(), unknown.SingleErrorLine());

        var both = CinRunner.Run(clip, "-s", "starry-night", "--force", "--skip-existing");
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Contains("--force and --skip-existing contradict each other", both.SingleErrorLine());
    }

    [Fact]
    public void RealModelKeepsFramesSizeRateAndAudio()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mp4"), output = _folder.File("clip-starry.mp4");
        Ffmpeg.MakeClip(clip, 160, 120, "30000/1001", 12, audio: true, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac");

        var result = CinRunner.Run(new BuiltInModelCatalog(), clip, "-o", output, "-s", "starry-night", "--threads", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("12 frames", result.Output);
        var video = Ffmpeg.Stream(output, "v:0");
        Assert.Equal("h264", video["codec_name"]);
        Assert.Equal("yuv420p", video["pix_fmt"]);
        Assert.Equal(("160", "120"), (video["width"], video["height"]));
        Assert.Equal("30000/1001", video["r_frame_rate"]);
        Assert.Equal("12", video["nb_read_frames"]);
        var audio = Ffmpeg.Stream(output, "a:0");
        Assert.Equal("aac", audio["codec_name"]);
        Assert.Equal(Ffmpeg.Stream(clip, "a:0")["nb_read_frames"], audio["nb_read_frames"]);
        Ffmpeg.AssertPlays(output);
        Assert.Empty(_folder.TempFiles());
    }

    [Theory]
    [InlineData("out.mp4", "h264", "aac")]
    [InlineData("out.mkv", "h264", "aac")]
    [InlineData("out.webm", "vp9", "opus")]
    public void EachContainerPlaysWithItsCodecs(string name, string videoCodec, string audioCodec)
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mp4"), output = _folder.File(name);
        Ffmpeg.MakeClip(clip, 96, 64, "25", 8, audio: true, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac");

        var result = CinRunner.Run(clip, "-o", output, "-s", "starry-night", "--temporal", "off");

        Assert.True(result.ExitCode == 0, result.Error);
        var video = Ffmpeg.Stream(output, "v:0");
        Assert.Equal(videoCodec, video["codec_name"]);
        Assert.Equal("8", video["nb_read_frames"]);
        Assert.Equal(audioCodec, Ffmpeg.Stream(output, "a:0")["codec_name"]);
        Ffmpeg.AssertPlays(output);
    }

    [Fact]
    public void SilentClipStaysSilent()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("silent.mp4"), output = _folder.File("out.mp4");
        Ffmpeg.MakeClip(clip, 64, 48, "24", 5, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv420p");

        var result = CinRunner.Run(clip, "-o", output, "-s", "starry-night");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("5", Ffmpeg.Stream(output, "v:0")["nb_read_frames"]);
        Assert.Empty(Ffmpeg.Stream(output, "a"));
        Ffmpeg.AssertPlays(output);
    }

    [Fact]
    public void DeepSourceStaysDeepAndFullRangeStaysFull()
    {
        Ffmpeg.Tools();
        string deep = _folder.File("deep.mkv"), deepOut = _folder.File("deep-out.mkv");
        Ffmpeg.MakeClip(deep, 64, 48, "25", 4, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv420p10le");
        var result = CinRunner.Run(deep, "-o", deepOut, "-s", "starry-night");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("yuv420p10le", Ffmpeg.Stream(deepOut, "v:0")["pix_fmt"]);
        Ffmpeg.AssertPlays(deepOut);

        string full = _folder.File("full.mp4"), fullOut = _folder.File("full-out.mp4");
        Ffmpeg.MakeClip(full, 64, 48, "25", 4, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-color_range", "pc",
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709");
        Assert.Equal("pc", Ffmpeg.Stream(full, "v:0")["color_range"]);
        result = CinRunner.Run(full, "-o", fullOut, "-s", "starry-night");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("pc", Ffmpeg.Stream(fullOut, "v:0")["color_range"]);
        Ffmpeg.AssertPlays(fullOut);
    }

    [Fact]
    public void RotatedClipIsWrittenUpright()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("phone.mp4"), output = _folder.File("out.mp4");
        Ffmpeg.MakeClip(clip, 96, 64, "25", 3, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv444p", "-crf", "0");
        RotateQuarterTurn(clip);
        Assert.Contains("rotation=-90", Ffmpeg.Execute(Ffmpeg.Tools().Ffprobe, ["-v", "error", "-show_streams", clip]).Output);

        var result = CinRunner.Run(clip, "-o", output, "-s", "starry-night", "--strength", "0", "-q", "100");

        Assert.True(result.ExitCode == 0, result.Error);
        var video = Ffmpeg.Stream(output, "v:0");
        // Shown as the player shows the source: upright, the sides swapped, and no rotation left to apply.
        Assert.Equal(("64", "96"), (video["width"], video["height"]));
        Assert.DoesNotContain("rotation", Ffmpeg.Execute(Ffmpeg.Tools().Ffprobe, ["-v", "error", "-show_streams", output]).Output);
        Assert.True(MeanDifference(clip, output) < 0.03, "the upright output should show what ffmpeg shows of the source");
    }

    /// <summary>Sets the video track header's display matrix to a quarter turn, as a phone held upright writes it.</summary>
    private static void RotateQuarterTurn(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int box = -1;
        for (int i = 4; i + 4 <= bytes.Length; i++)
            if (bytes[i] == (byte)'t' && bytes[i + 1] == (byte)'k' && bytes[i + 2] == (byte)'h' && bytes[i + 3] == (byte)'d') { box = i - 4; break; }
        Assert.True(box >= 0 && bytes[box + 8] == 0, "a version-0 tkhd box");
        // size, type, version+flags, created, modified, track, reserved, duration, reserved x2, layer, group, volume, reserved.
        int matrix = box + 48;
        int[] quarterTurn = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];
        for (int k = 0; k < 9; k++) System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(matrix + 4 * k), quarterTurn[k]);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void StyleOptionsApplyToVideo()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mp4");
        Ffmpeg.MakeClip(clip, 96, 64, "25", 3, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv444p", "-crf", "0");
        string none = _folder.File("none.mkv"), full = _folder.File("full.mkv");
        Assert.Equal(0, CinRunner.Run(clip, "-o", none, "-s", "starry-night", "--strength", "0", "-q", "100").ExitCode);
        Assert.Equal(0, CinRunner.Run(clip, "-o", full, "-s", "starry-night=0.5,great-wave=0.5", "--keep-colors", "--work-size", "48", "-q", "100").ExitCode);
        // Strength 0 gives the clip back (to within the codec); the styled one differs from it.
        Assert.True(MeanDifference(clip, none) < 0.03, "strength 0 should give the clip itself");
        Assert.True(MeanDifference(clip, full) > MeanDifference(clip, none) + 0.01, "the styled clip should differ from the clip");
    }

    [Fact]
    public void MissingFfmpegIsOneLineSayingHowToInstallIt()
    {
        string clip = _folder.File("clip.mp4");
        File.WriteAllBytes(clip, [0, 0, 0, 24]);
        var result = CinRunner.Run(clip, "-o", _folder.File("out.mp4"), "-s", "starry-night", "--ffmpeg", _folder.File("no-ffmpeg-here"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        string line = result.SingleErrorLine();
        Assert.Contains("apt install ffmpeg", line);
        Assert.Contains("winget", line);
        Assert.Contains("brew", line);
    }

    [Fact]
    public void BadVideoIsOneLineNamingTheFile()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("broken.mp4");
        File.WriteAllBytes(clip, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        var result = CinRunner.Run(clip, "-o", _folder.File("out.mp4"), "-s", "starry-night");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"cin: {clip}: ", result.SingleErrorLine());
        Assert.False(File.Exists(_folder.File("out.mp4")));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void TruncatedVideoIsOneLineAndNoOutput()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mkv"), cut = _folder.File("cut.mkv");
        Ffmpeg.MakeClip(clip, 96, 64, "25", 30, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        byte[] bytes = File.ReadAllBytes(clip);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var result = CinRunner.Run(cut, "-o", _folder.File("out.mp4"), "-s", "starry-night");

        // ffmpeg decodes what is there of a cut Matroska file; either way, cin must end with a playable clip or one line.
        if (result.ExitCode == 0) Ffmpeg.AssertPlays(_folder.File("out.mp4"));
        else Assert.StartsWith($"cin: {cut}: ", result.SingleErrorLine());
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void TheInputIsNeverOverwritten()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mp4");
        Ffmpeg.MakeClip(clip, 64, 48, "25", 2, audio: false);
        byte[] before = File.ReadAllBytes(clip);
        var result = CinRunner.Run(clip, "-o", clip, "-s", "starry-night", "--force");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("replace the input", result.SingleErrorLine());
        Assert.Equal(before, File.ReadAllBytes(clip));
    }

    [Fact]
    public void UnknownOutputContainerIsAUsageError()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mp4");
        Ffmpeg.MakeClip(clip, 64, 48, "25", 2, audio: false);
        var result = CinRunner.Run(clip, "-o", _folder.File("out.avi"), "-s", "starry-night");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(".webm", result.SingleErrorLine());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InterruptionLeavesNoFileOrWithKeepPartialAPlayableClip(bool keepPartial)
    {
        Ffmpeg.Tools();
        string clip = _folder.File("clip.mp4"), output = _folder.File("out.mp4");
        Ffmpeg.MakeClip(clip, 96, 64, "25", 40, audio: true, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac");
        Action<Interruption>? interrupt = null;
        int runs = 0;
        var catalog = new TinyCatalog(() => { if (++runs == 10) interrupt!(Interruption.Interrupt); });
        var console = new CinConsole { Interruptions = handler => { interrupt = handler; return new Subscription(); } };
        string[] args = keepPartial ? [clip, "-o", output, "-s", "starry-night", "--keep-partial"] : [clip, "-o", output, "-s", "starry-night"];

        var result = CinRunner.Run(catalog, console, args);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Contains("cin: interrupted", result.Error);
        Assert.Empty(_folder.TempFiles());
        if (!keepPartial)
        {
            Assert.False(File.Exists(output));
            return;
        }
        int frames = int.Parse(Ffmpeg.Stream(output, "v:0")["nb_read_frames"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(frames, 9, 12);
        Ffmpeg.AssertPlays(output);
    }

    [Fact]
    public void ProgressLineGivesFramesFpsAndEta()
    {
        string line = VideoService.Format("clip.mp4", new VideoProgress(120, 300, 24.0, TimeSpan.FromSeconds(75)));
        Assert.Equal("clip.mp4  frame 120/300  24.0 fps  ETA 1:15", line);
        Assert.Equal("clip.mp4  frame 7  3.5 fps  ETA --:--", VideoService.Format("clip.mp4", new VideoProgress(7, null, 3.5, null)));
    }

    [Fact]
    public void DefaultOutputIsBesideTheInput()
    {
        Ffmpeg.Tools();
        string clip = _folder.File("holiday.mov");
        Ffmpeg.MakeClip(clip, 64, 48, "25", 2, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        var result = CinRunner.Run(clip, "-s", "great-wave");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(_folder.File("holiday-great-wave.mp4")), result.Output);
    }

    private sealed class Subscription : IDisposable
    {
        public void Dispose() { }
    }

    /// <summary>The mean absolute difference of two clips' first frames, decoded to RGB by ffmpeg, 0..1.</summary>
    private static double MeanDifference(string a, string b)
    {
        var tools = Ffmpeg.Tools();
        byte[] First(string path)
        {
            var start = new System.Diagnostics.ProcessStartInfo(tools.Ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-" }) start.ArgumentList.Add(arg);
            using var process = System.Diagnostics.Process.Start(start)!;
            using var memory = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(memory);
            process.WaitForExit();
            return memory.ToArray();
        }
        byte[] x = First(a), y = First(b);
        Assert.Equal(x.Length, y.Length);
        return x.Zip(y, (p, q) => Math.Abs(p - q)).Average() / 255.0;
    }
}
