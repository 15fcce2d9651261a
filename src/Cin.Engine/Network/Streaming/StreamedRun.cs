namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Runs a network from a row source to a row sink within a memory bound: whole maps when they fit, otherwise bands
/// of rows with exact global statistics for every norm.
/// </summary>
public static class StreamedRun
{
    // PLACEHOLDER: only the whole-map path; the banded path is being written (issue 15).
    public static StreamReport Run(StyleNetwork network, StyleParameters style, IRowSource input, IRowSink output,
        StreamOptions options, CancellationToken cancellation = default)
    {
        var rgb = FeatureMap.Uninitialized(input.Height, input.Width, 3);
        input.ReadRows(0, input.Height, rgb.Span);
        cancellation.ThrowIfCancellationRequested();
        var result = Stylizer.Stylize(rgb, network, style, options.Threads);
        output.WriteRows(0, result.Height, result.Span);
        return new StreamReport(false, 1, 0);
    }
}
