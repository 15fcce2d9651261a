using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cin.Cli.Tests.Video;
using Cin.Engine;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Simd;
using Cin.Engine.Video;

namespace Cin.Bench;

/// <summary>
/// `-- video`: temporal stability and speed of cin's video modes, with the built-in Magenta model and starry-night.
/// Stability: the table re-measured, warping error and sharpness of <c>--temporal off</c>, <c>phase</c> and
/// the default <c>stable</c> on 16-frame pans of real photos with exactly known motion (the test clips' generator,
/// tests/Cin.Cli.Tests/Video). Speed: frames per second of the engine alone (no decoding or encoding) at 640x360 and
/// 1280x720 on 2 threads, off and stable taking turns, and the temporal mode's overhead.
/// </summary>
public static class VideoBench
{
    private const int Frames = 16, Border = 16, Threads = 2, Passes = 5;

    private static readonly (string Name, double Step, float Noise)[] Clips =
    [
        ("pan 4 px/frame, no noise", 4, 0), ("pan 4 px/frame, noise sigma 0.01", 4, 0.01f),
        ("pan 3 px/frame, no noise", 3, 0), ("pan 3 px/frame, noise sigma 0.01", 3, 0.01f),
        ("pan 5 px/frame, no noise", 5, 0), ("pan 5 px/frame, noise sigma 0.01", 5, 0.01f),
        ("pan 2.5 px/frame, no noise (subpixel)", 2.5, 0),
    ];

    private static readonly TemporalMode[] Modes = [TemporalMode.Off, TemporalMode.Phase, TemporalMode.Stable];

    public static int Run(string? outPath, bool speedOnly = false)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        void Say(string line = "") { Console.WriteLine(line); report.AppendLine(line); }
        var network = Cin.Models.BuiltInModels.Load("magenta");
        var style = network.Style(StyleSelector.Parse("starry-night", network.Info));
        var (photos, width, height, source) = Photos();

        Say($"# cin video: temporal stability and speed, {DateTime.UtcNow:yyyy-MM-dd}");
        Say();
        Say($"- CPU: {Environment.ProcessorCount} cores; .NET {Environment.Version} JIT; SIMD: {SimdPaths.Describe()}; magenta, starry-night, {Threads} threads.");
        Say($"- Stability: {photos.Count} photos ({source}), {Frames} frames of {width}x{height} each, a crop window panned with exact known motion;");
        Say($"  warping error = mean |out[t+1](x) - out[t](x + step)|, border of {Border} px excluded; sharpness = mean |Laplacian| of the output. Means over the photos.");
        Say();
        Say("| clip | off | phase | stable | off/stable | sharpness off | sharpness stable | stable/off |");
        Say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, step, noise) in speedOnly ? [] : Clips)
        {
            var error = Modes.ToDictionary(m => m, _ => 0.0);
            var sharpness = Modes.ToDictionary(m => m, _ => 0.0);
            int seed = 1;
            foreach (var photo in photos)
            {
                int y0 = (photo.Height - height) / 2;
                var clip = SyntheticClips.Pan(photo, width, height, 0, y0, step, 0, Frames, noise, seed++);
                foreach (var mode in Modes)
                {
                    var stylizer = new TemporalStylizer(network, style, new FrameOptions { Temporal = mode, Threads = Threads });
                    var outputs = clip.Select(stylizer.Stylize).ToList();
                    error[mode] += TemporalMeasures.WarpingError(outputs, step, 0, Border) / photos.Count;
                    sharpness[mode] += TemporalMeasures.Sharpness(outputs, Border) / photos.Count;
                }
            }
            Say($"| {name} | {error[TemporalMode.Off]:F4} | {error[TemporalMode.Phase]:F4} | {error[TemporalMode.Stable]:F4} | " +
                $"{error[TemporalMode.Off] / error[TemporalMode.Stable]:F1}x | {sharpness[TemporalMode.Off]:F4} | {sharpness[TemporalMode.Stable]:F4} | " +
                $"{sharpness[TemporalMode.Stable] / sharpness[TemporalMode.Off]:F2} |");
        }
        Say();
        Say($"- Speed: the engine alone (frames in memory: no decoding or encoding), {Threads} threads; a whole-pixel (3 px/frame) and a sub-pixel (2.5 px/frame, resampled every other frame) pan; off and stable take turns frame by frame, {Passes} passes; medians of frame times and of the per-frame overhead.");
        Say();
        Say("| size | pan | off fps | stable fps | overhead |");
        Say("| --- | --- | ---: | ---: | ---: |");
        foreach (var (w, h, count) in new[] { (640, 360, 16), (1280, 720, 8) })
        {
            foreach (double step in new[] { 3.0, 2.5 })
            {
                int travel = (int)Math.Ceiling(step * count) + 8;
                var big = Resampling.Resize(photos[0], w + travel, (int)Math.Ceiling((double)(w + travel) * photos[0].Height / photos[0].Width), Threads);
                if (big.Height < h + 2) big = Resampling.Resize(photos[0], (int)Math.Ceiling((double)(h + 2) * photos[0].Width / photos[0].Height) + travel, h + 2, Threads);
                var clip = SyntheticClips.Pan(big, w, h, 0, 0, step, 0, count);
                var (offFps, stableFps, overhead) = Speed(clip, network, style);
                Say($"| {w}x{h} | {step} px/frame | {offFps:F1} | {stableFps:F1} | {100 * overhead:F1}% |");
            }
        }
        if (outPath != null) File.WriteAllText(outPath, report.ToString());
        return 0;
    }

    /// <summary>
    /// Off and stable take turns frame by frame, over the clip <see cref="Passes"/> times, so both see the same spells of a shared
    /// machine's noise; fps from the median frame time of each, overhead the median of the per-frame time ratios.
    /// The first frame of each pass is a warm-up (buffers, packed weights) and not timed.
    /// </summary>
    private static (double OffFps, double StableFps, double Overhead) Speed(List<FeatureMap> clip, StyleNetwork network, StyleParameters style)
    {
        var off = new List<double>();
        var stable = new List<double>();
        var ratios = new List<double>();
        for (int pass = 0; pass < Passes; pass++)
        {
            var offStylizer = new TemporalStylizer(network, style, new FrameOptions { Temporal = TemporalMode.Off, Threads = Threads });
            var stableStylizer = new TemporalStylizer(network, style, new FrameOptions { Temporal = TemporalMode.Stable, Threads = Threads });
            for (int i = 0; i < clip.Count; i++)
            {
                double a = Time(() => offStylizer.Stylize(clip[i])), b = Time(() => stableStylizer.Stylize(clip[i]));
                if (i == 0) continue;
                off.Add(a);
                stable.Add(b);
                ratios.Add(b / a);
            }
        }
        return (1 / Median(off), 1 / Median(stable), Median(ratios) - 1);
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);
    }

    /// <summary>
    /// Landscape photos from ../shared/data/content wide enough for a 320x240 window panned 5 px/frame (the first
    /// four, by name), or, without that folder, the two Kodak photos the tests use at 160x120.
    /// </summary>
    private static (List<FeatureMap> Photos, int Width, int Height, string Source) Photos()
    {
        string content = Path.Combine(RepoRoot.Find(), "..", "shared", "data", "content");
        if (Directory.Exists(content))
        {
            var photos = Directory.GetFiles(content, "bsds500-*.jpg").Order(StringComparer.Ordinal)
                .Select(p => ImageReader.Read(p).Rgb).Where(p => p.Width >= 320 + 5 * (Frames - 1) + 2 && p.Height >= 250).Take(4).ToList();
            if (photos.Count > 0) return (photos, 320, 240, "BSDS500 from ../shared/data/content");
        }
        string docs = Path.Combine(RepoRoot.Find(), "docs");
        var lighthouse = SyntheticClips.Sample(ImageReader.Read(Path.Combine(docs, "images", "lighthouse-styles.jpg")).Rgb, 238, 238, 0, 0);
        var river = SyntheticClips.Sample(ImageReader.Read(Path.Combine(docs, "models", "magenta-kodak.jpg")).Rgb, 248, 224, 6, 885);
        return ([lighthouse, river], 160, 120, "Kodak kodim21 and kodim13 from docs/");
    }
}
