using System.Globalization;
using Cin.Engine.Network.Streaming;

namespace Cin.Engine.Batch;

/// <summary>
/// How a photo's network ran, in the words both front ends print beside its result line: nothing for a whole-map run
/// (the usual case, so the usual output is unchanged), "streamed in 12 bands, 4.6 GiB spilled" for a banded one.
/// </summary>
public static class StreamDescription
{
    /// <summary>The words for <paramref name="report"/>, or null when the photo did not stream (or the network did not run).</summary>
    public static string? Describe(StreamReport? report)
    {
        if (report is not { Streamed: true } r) return null;
        string bands = r.Bands == 1 ? "1 band" : string.Create(CultureInfo.InvariantCulture, $"{r.Bands} bands");
        string spill = r.SpillBytes > 0 ? $"{ByteSize.Format(r.SpillBytes)} spilled" : "nothing spilled";
        return $"streamed in {bands}, {spill}";
    }
}
