using Cin.Engine;
using Cin.Engine.Network;
using Cin.Engine.Video;

namespace Cin.Cli.Tests.Video;

public sealed class TemporalExploration
{
    [Fact]
    public void Explore()
    {
        if (Environment.GetEnvironmentVariable("CIN_EXPLORE") != "1") Assert.Skip("exploration");
        var network = new BuiltInModelCatalog().Load("magenta");
        var style = network.Style(19);
        var photo = VideoTestPhotos.Lighthouse();
        using var log = new StreamWriter(Environment.GetEnvironmentVariable("CIN_EXPLORE_OUT")!);
        foreach (var (v, noise) in new[] { (4.0, 0f), (3.0, 0f), (5.0, 0f), (3.0, 0.01f), (5.0, 0.01f), (2.5, 0f) })
        {
            var clip = SyntheticClips.Pan(photo, 160, 120, 0, 70, v, 0, 16, noise);
            foreach (var mode in new[] { TemporalMode.Off, TemporalMode.Phase, TemporalMode.Stable })
            {
                var stylizer = new TemporalStylizer(network, style, new FrameOptions { Temporal = mode, Threads = 2 });
                var outputs = clip.Select(stylizer.Stylize).ToList();
                log.WriteLine($"{DateTime.Now:HH:mm:ss} v={v} noise={noise} {mode}: warp {TemporalMeasures.WarpingError(outputs, v, 0, 8):F4} sharp {TemporalMeasures.Sharpness(outputs, 8):F4} cuts {stylizer.Cuts} last {stylizer.LastMotion}"); log.Flush();
            }
        }
    }
}
