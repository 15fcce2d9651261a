using Cin.Engine.Imaging;

namespace Cin.Engine.Video;

/// <summary>How one clip is stylized and written.</summary>
public sealed record VideoOptions(VideoTools Tools)
{
    public FrameOptions Frame { get; init; } = new();

    /// <summary>1..100, mapped to the codec's CRF (see <see cref="VideoEncoding"/>).</summary>
    public int Quality { get; init; } = OutputFormat.DefaultQuality;

    public bool Overwrite { get; init; }

    /// <summary>On interruption, keep a playable clip of the frames done instead of no file.</summary>
    public bool KeepPartial { get; init; }
}

/// <summary>How far a clip has got.</summary>
/// <param name="Total">The clip's frame count, when the container says.</param>
public readonly record struct VideoProgress(int Frames, long? Total, double FramesPerSecond, TimeSpan? Remaining);

/// <summary>What was written.</summary>
public sealed record VideoResult(string Input, string Output, int Width, int Height, int Frames)
{
    /// <summary>The run was interrupted and, with keep-partial, the frames done were written.</summary>
    public bool Partial { get; init; }

    public int SceneCuts { get; init; }
    public TimeSpan Elapsed { get; init; }
}
