using System.CommandLine;
using Cin.Engine.Video;

namespace Cin.Cli;

/// <summary>The root command's video options (<see cref="VideoService"/>); the photo options apply to video too.</summary>
public static partial class CinCommand
{
    private static (Option<string> Temporal, Option<string?> Ffmpeg, Option<bool> KeepPartial) VideoOptions()
    {
        var temporal = new Option<string>("--temporal")
        {
            Description = "Video only: 'stable' (default: keeps the strokes still as the camera moves, steadies noise and brightness, resets at cuts), " +
                          "'phase' (only the stroke alignment) or 'off' (each frame as a photo).",
            DefaultValueFactory = _ => "stable",
            HelpName = "stable|phase|off",
        };
        temporal.AcceptOnlyFromAmong("stable", "phase", "off");
        var ffmpeg = new Option<string?>("--ffmpeg")
        {
            Description = "Video only: the ffmpeg executable (ffprobe beside it) or their folder. Default: found on PATH.",
            HelpName = "path",
        };
        var keepPartial = new Option<bool>("--keep-partial") { Description = "Video only: on Ctrl-C, keep a playable clip of the frames done." };
        return (temporal, ffmpeg, keepPartial);
    }

    private static TemporalMode ParseTemporal(string? value) => value switch
    {
        "off" => TemporalMode.Off,
        "phase" => TemporalMode.Phase,
        _ => TemporalMode.Stable,
    };
}
