namespace Cin.Engine.Video;

/// <summary>How a clip's frames are tied together (<c>--temporal</c>).</summary>
public enum TemporalMode
{
    /// <summary>Each frame as a photo.</summary>
    Off,

    /// <summary>
    /// Phase alignment alone: each frame is shifted so that its content keeps the same position modulo the network's
    /// stride as in the frame before (see <see cref="PhaseAlignment"/>).
    /// </summary>
    Phase,

    /// <summary>The default: phase alignment, then what is left of the flicker (see <see cref="TemporalStylizer"/>).</summary>
    Stable,
}
