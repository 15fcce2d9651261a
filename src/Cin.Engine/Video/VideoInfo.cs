using System.Globalization;

namespace Cin.Engine.Video;

/// <summary>
/// What ffprobe says about a clip: its first video stream as it will be decoded (upright: ffmpeg applies the
/// rotation, so a portrait phone clip arrives with its sides swapped), and its first audio stream.
/// </summary>
public sealed record VideoInfo
{
    /// <summary>Width and height of the decoded (upright) frames.</summary>
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>Frames per second as ffmpeg writes it, "30000/1001".</summary>
    public required string FrameRate { get; init; }

    /// <summary>The frame count from the container, or from duration x rate; null when neither is known.</summary>
    public long? FrameCount { get; init; }

    /// <summary>More than 8 bits per channel: frames are piped as 16-bit RGB.</summary>
    public bool HighBitDepth { get; init; }

    /// <summary>"tv" (limited) or "pc" (full), or null when untagged.</summary>
    public string? ColorRange { get; init; }

    /// <summary>The YUV matrix ("bt709", "smpte170m", ...), primaries and transfer, or null when untagged.</summary>
    public string? ColorSpace { get; init; }
    public string? ColorPrimaries { get; init; }
    public string? ColorTransfer { get; init; }

    /// <summary>The display rotation in degrees, as stored (ffmpeg applies it when decoding).</summary>
    public int Rotation { get; init; }

    /// <summary>The first audio stream's codec ("aac", "opus"), or null for a silent clip.</summary>
    public string? AudioCodec { get; init; }

    public double FramesPerSecond
    {
        get
        {
            string[] parts = FrameRate.Split('/');
            double num = double.Parse(parts[0], CultureInfo.InvariantCulture);
            double den = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
            return den > 0 ? num / den : 0;
        }
    }
}
