using Cin.Engine.Finishing;

namespace Cin.Engine.Video;

/// <summary>How each frame of a clip is stylized: the photo options that apply to video, and the temporal mode.</summary>
public sealed record FrameOptions
{
    public TemporalMode Temporal { get; init; } = TemporalMode.Stable;

    /// <summary>Threads inside one frame.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>0..1, as for photos (see <see cref="StrengthMix"/>).</summary>
    public float Strength { get; init; } = 1;

    public ColorKeeping KeepColors { get; init; } = ColorKeeping.Off;

    /// <summary>The long side the network runs at; null for the frame's own size.</summary>
    public int? WorkSize { get; init; }

    public void Validate()
    {
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (!(Strength >= 0 && Strength <= 1)) throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Strength must be 0..1.");
        if (WorkSize is < 1) throw new ArgumentOutOfRangeException(nameof(WorkSize), WorkSize, "The work size must be at least 1 pixel.");
        if (!Enum.IsDefined(Temporal)) throw new ArgumentOutOfRangeException(nameof(Temporal), Temporal, "Unknown temporal mode.");
    }
}
