using Cin.Engine.Video;

namespace Cin.Engine.Tests.Video;

public sealed class VideoDescriptionTests
{
    private const string PortraitPhoneClip = """
        [STREAM]
        codec_name=hevc
        codec_type=video
        width=1920
        height=1080
        pix_fmt=yuv420p10le
        color_range=tv
        color_space=bt2020nc
        color_transfer=arib-std-b67
        color_primaries=bt2020
        r_frame_rate=30/1
        avg_frame_rate=0/0
        bits_per_raw_sample=N/A
        nb_frames=N/A
        [SIDE_DATA]
        rotation=-90
        [/SIDE_DATA]
        [/STREAM]
        [STREAM]
        codec_name=aac
        codec_type=audio
        r_frame_rate=0/0
        avg_frame_rate=0/0
        [/STREAM]
        [FORMAT]
        duration=2.000000
        [/FORMAT]
        """;

    [Fact]
    public void ProbeOutputIsReadUpright()
    {
        var info = VideoProbe.Parse(PortraitPhoneClip)!;
        Assert.Equal((1080, 1920), (info.Width, info.Height));
        Assert.Equal(-90, info.Rotation);
        Assert.Equal("30/1", info.FrameRate);
        Assert.Equal(60, info.FrameCount);
        Assert.True(info.HighBitDepth);
        Assert.Equal(("tv", "bt2020nc", "bt2020", "arib-std-b67"), (info.ColorRange, info.ColorSpace, info.ColorPrimaries, info.ColorTransfer));
        Assert.Equal("aac", info.AudioCodec);
    }

    [Fact]
    public void NoVideoStreamIsNull()
    {
        Assert.Null(VideoProbe.Parse("[STREAM]\ncodec_type=audio\ncodec_name=mp3\n[/STREAM]\n"));
        Assert.Null(VideoProbe.Parse(""));
    }

    [Fact]
    public void QualityMapsToCrfMonotonically()
    {
        Assert.Equal(13, VideoEncoding.X264Crf(100));
        Assert.Equal(51, VideoEncoding.X264Crf(1));
        Assert.Equal(15, VideoEncoding.Vp9Crf(100));
        Assert.Equal(63, VideoEncoding.Vp9Crf(1));
        for (int q = 2; q <= 100; q++)
        {
            Assert.True(VideoEncoding.X264Crf(q) <= VideoEncoding.X264Crf(q - 1));
            Assert.True(VideoEncoding.Vp9Crf(q) <= VideoEncoding.Vp9Crf(q - 1));
        }
    }

    [Fact]
    public void EncodingFollowsTheContainerAndTheSource()
    {
        var info = VideoProbe.Parse(PortraitPhoneClip)!;
        var mp4 = VideoEncoding.For(VideoContainer.Mp4, info, 90);
        Assert.Equal(new VideoEncoding("mp4", "libx264", "yuv420p", 17, "copy", "bt2020", "tv"), mp4);
        var webm = VideoEncoding.For(VideoContainer.WebM, info, 90);
        Assert.Equal(new VideoEncoding("webm", "libvpx-vp9", "yuv420p10le", 20, "libopus", "bt2020", "tv"), webm);
        var silent = VideoEncoding.For(VideoContainer.Matroska, info with { AudioCodec = null, HighBitDepth = false, ColorSpace = null, ColorRange = null }, 50);
        Assert.Equal(new VideoEncoding("matroska", "libx264", "yuv420p", 32, null, null, null), silent);

        var args = mp4.EncoderArguments(info, deepPipe: true, "in.mov", "out.tmp");
        string line = string.Join(' ', args);
        Assert.Contains("-f rawvideo -pix_fmt rgb48le -s 1080x1920 -framerate 30/1 -i pipe:0", line);
        Assert.Contains("-i in.mov -map 0:v:0 -map 1:a:0", line);
        Assert.Contains("-vf scale=out_color_matrix=bt2020:out_range=tv", line);
        Assert.Contains("-color_range tv -colorspace bt2020nc -color_primaries bt2020 -color_trc arib-std-b67", line);
        Assert.EndsWith("-c:a copy -movflags +faststart -f mp4 out.tmp", line);
    }

    [Fact]
    public void RawFramesRoundTrip()
    {
        var map = new FeatureMap(2, 3, 3);
        for (int i = 0; i < map.Length; i++) map.Data[i] = i / (float)(map.Length - 1);
        foreach (bool deep in new[] { false, true })
        {
            var raw = new byte[RawFrames.FrameBytes(3, 2, deep)];
            RawFrames.FromMap(map, raw, deep);
            var back = RawFrames.ToMap(raw, 3, 2, deep);
            for (int i = 0; i < map.Length; i++) Assert.Equal(map.Data[i], back.Data[i], deep ? 1e-5 : 2e-3);
        }
    }
}
