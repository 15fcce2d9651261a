using System.Diagnostics;

namespace Cin.Engine.Network;

/// <summary>
/// Per-layer timings on standard error when the environment variable CIN_PROFILE is 1: where a network's time goes,
/// for tuning the kernels. Off, it costs one static read per layer.
/// </summary>
internal static class LayerProfile
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("CIN_PROFILE") == "1";

    public static void Record(ConvLayer layer, FeatureMap input, FeatureMap output, long start, long convolved)
    {
        long end = Stopwatch.GetTimestamp();
        double conv = Stopwatch.GetElapsedTime(start, convolved).TotalMilliseconds;
        double norm = Stopwatch.GetElapsedTime(convolved, end).TotalMilliseconds;
        double flop = 2.0 * output.Pixels * layer.OutChannels * layer.InChannels * layer.Kernel * layer.Kernel;
        Console.Error.WriteLine(
            $"{layer.Name,-28} {layer.Algorithm,-9} {input.Width}x{input.Height}x{input.Channels} -> {output.Channels,4}: " +
            $"conv {conv,8:F2} ms ({flop / conv / 1e6,6:F1} GFLOP/s)  norm {norm,7:F2} ms");
    }
}
