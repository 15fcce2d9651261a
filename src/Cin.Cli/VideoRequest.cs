using Cin.Engine.Video;

namespace Cin.Cli;

/// <summary>The options that only video takes: <c>--temporal</c>, <c>--ffmpeg</c>, <c>--keep-partial</c>.</summary>
public sealed record VideoRequest(TemporalMode Temporal = TemporalMode.Stable, string? Ffmpeg = null, bool KeepPartial = false);
