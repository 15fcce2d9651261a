using Cin.Models;
using Cin.Engine;
using Cin.Engine.Network;
using Cin.Engine.Video;

namespace Cin.Cli.Tests.Video;

/// <summary>
/// The targets for <c>--temporal</c>'s default against <c>off</c>, with the real Magenta model (starry-night)
/// on clips made from real photos with exactly known motion: on 3 and 5 px/frame pans, with and without noise of
/// sigma 0.01, the warping error falls to at most a fifth, sharpness stays at least 0.8; a still background with a
/// moving object shows no ghost; a scene cut is reset within one frame.
/// </summary>
public sealed class TemporalStabilityTests
{
    private const int Width = 160, Height = 120, Frames = 10, Border = 8;

    private static readonly Lazy<StyleNetwork> Magenta = new(() => new BuiltInModelCatalog().Load("magenta"));

    private static List<FeatureMap> Run(IReadOnlyList<FeatureMap> clip, TemporalMode mode, out TemporalStylizer stylizer)
    {
        var network = Magenta.Value;
        stylizer = new TemporalStylizer(network, network.Style(19), new FrameOptions { Temporal = mode, Threads = 2 });
        var outputs = new List<FeatureMap>(clip.Count);
        foreach (var frame in clip) outputs.Add(stylizer.Stylize(frame));
        return outputs;
    }

    [Theory]
    [InlineData(3, 0f)]
    [InlineData(5, 0f)]
    [InlineData(3, 0.01f)]
    [InlineData(5, 0.01f)]
    public void PanFlickersAFifthAsMuchAndStaysSharp(int step, float noise)
    {
        var clip = SyntheticClips.Pan(VideoTestPhotos.Lighthouse(), Width, Height, 0, 70, step, 0, Frames, noise, seed: step);
        var off = Run(clip, TemporalMode.Off, out _);
        var stable = Run(clip, TemporalMode.Stable, out var stylizer);

        double offError = TemporalMeasures.WarpingError(off, step, 0, Border);
        double stableError = TemporalMeasures.WarpingError(stable, step, 0, Border);
        double offSharpness = TemporalMeasures.Sharpness(off, Border);
        double stableSharpness = TemporalMeasures.Sharpness(stable, Border);
        string figures = $"warping error off {offError:F4}, stable {stableError:F4}; sharpness off {offSharpness:F4}, stable {stableSharpness:F4}";
        TestContext.Current.TestOutputHelper?.WriteLine(figures);

        Assert.Equal(0, stylizer.Cuts);
        Assert.NotNull(stylizer.LastMotion);
        Assert.Equal(-step, stylizer.LastMotion!.Value.Dx, 0.25);
        Assert.Equal(0, stylizer.LastMotion.Value.Dy, 0.25);
        Assert.True(stableError <= offError / 5, figures);
        Assert.True(stableSharpness >= 0.8 * offSharpness, figures);
    }

    [Fact]
    public void SubpixelPanFlickersLessAndStaysSharp()
    {
        // 2.5 px/frame: whole-pixel alignment alone leaves every other frame half a pixel out of phase.
        var clip = SyntheticClips.Pan(VideoTestPhotos.Lighthouse(), Width, Height, 0, 70, 2.5, 0, Frames);
        var off = Run(clip, TemporalMode.Off, out _);
        var phase = Run(clip, TemporalMode.Phase, out _);
        var stable = Run(clip, TemporalMode.Stable, out _);

        double offError = TemporalMeasures.WarpingError(off, 2.5, 0, Border);
        double phaseError = TemporalMeasures.WarpingError(phase, 2.5, 0, Border);
        double stableError = TemporalMeasures.WarpingError(stable, 2.5, 0, Border);
        double sharpness = TemporalMeasures.Sharpness(stable, Border) / TemporalMeasures.Sharpness(off, Border);
        string figures = $"warping error off {offError:F4}, phase {phaseError:F4}, stable {stableError:F4}; sharpness stable/off {sharpness:F2}";
        Assert.True(stableError <= offError / 2.5 && stableError < 0.75 * phaseError, figures);
        Assert.True(sharpness >= 0.8, figures);
    }

    [Fact]
    public void MovingObjectOverStillBackgroundLeavesNoGhost()
    {
        const int size = 40, step = 5, start = 20;
        var river = VideoTestPhotos.River();
        var clip = SyntheticClips.MovingObject(VideoTestPhotos.Lighthouse(), river, Width, Height, size, start, step, 8);
        var off = Run(clip, TemporalMode.Off, out _);
        var stable = Run(clip, TemporalMode.Stable, out var stylizer);

        Assert.Equal(0, stylizer.Cuts);
        Assert.Equal(0, stylizer.LastMotion!.Value.Dx, 0.5);
        Assert.Equal(0, stylizer.LastMotion.Value.Dy, 0.5);
        int top = (Height - size) / 2;
        for (int t = 1; t < clip.Count; t++)
        {
            // Where the object was a frame ago and is no longer (the trail), and where it is now (the body): how much
            // of the previous frame's result shows through. Each frame's own result is the off mode's.
            int trailLeft = start + (t - 1) * step;
            double trail = TemporalMeasures.GhostFraction(stable[t], off[t], off[t - 1], trailLeft, top, step, size);
            double body = TemporalMeasures.GhostFraction(stable[t], off[t], off[t - 1], start + t * step, top, size, size);
            Assert.True(trail < 0.1 && body < 0.1, $"frame {t}: {trail:P0} of the previous frame shows in the trail, {body:P0} in the object");

            // The guard itself: averaging the two frames' results, the smearing it must catch, reads as half a ghost.
            var averaged = Average(off[t], off[t - 1]);
            Assert.InRange(TemporalMeasures.GhostFraction(averaged, off[t], off[t - 1], trailLeft, top, step, size), 0.45, 0.55);
        }
        Assert.True(TemporalMeasures.Sharpness(stable, Border) >= 0.8 * TemporalMeasures.Sharpness(off, Border));
    }

    private static FeatureMap Average(FeatureMap a, FeatureMap b)
    {
        var mean = new FeatureMap(a.Height, a.Width, 3);
        for (int i = 0; i < a.Length; i++) mean.Data[i] = 0.5f * (a.Data[i] + b.Data[i]);
        return mean;
    }

    [Fact]
    public void SceneCutIsResetWithinOneFrame()
    {
        var first = SyntheticClips.Pan(VideoTestPhotos.Lighthouse(), Width, Height, 0, 70, 3, 0, 5);
        var second = SyntheticClips.Pan(VideoTestPhotos.River(), Width, Height, 10, 40, 3, 0, 3);
        var network = Magenta.Value;
        var stylizer = new TemporalStylizer(network, network.Style(19), new FrameOptions { Threads = 2 });
        foreach (var frame in first) stylizer.Stylize(frame);
        Assert.Equal(0, stylizer.Cuts);

        var afterCut = stylizer.Stylize(second[0]);
        Assert.True(stylizer.LastWasCut);
        Assert.Equal(1, stylizer.Cuts);
        // The first frame after the cut is exactly what a fresh start on the new scene gives: nothing carried over.
        var fresh = new TemporalStylizer(network, network.Style(19), new FrameOptions { Threads = 2 }).Stylize(second[0]);
        Assert.Equal(fresh.Span.ToArray(), afterCut.Span.ToArray());

        // The next frame is already tracked again.
        stylizer.Stylize(second[1]);
        Assert.False(stylizer.LastWasCut);
        Assert.Equal(-3, stylizer.LastMotion!.Value.Dx, 0.25);
    }
}
