using Cin.Engine.Kernels;
using Cin.Engine.Video;

namespace Cin.Engine.Tests.Video;

public sealed class TemporalFilterTests
{
    private static FeatureMap Noisy(FeatureMap clean, float sigma, Random random)
    {
        var map = new FeatureMap(clean.Height, clean.Width, 3);
        for (int i = 0; i < clean.Length; i++)
        {
            double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            map.Data[i] = clean.Data[i] + sigma * (float)g;
        }
        return map;
    }

    private static double Rms(FeatureMap a, FeatureMap b) =>
        Math.Sqrt(Enumerable.Range(0, a.Length).Average(i => (double)(a.Data[i] - b.Data[i]) * (a.Data[i] - b.Data[i])));

    private static FeatureMap Flat(int height, int width, float value)
    {
        var map = new FeatureMap(height, width, 3);
        map.Span.Fill(value);
        return map;
    }

    [Fact]
    public void DenoiserLowersNoiseOnAStillScene()
    {
        var random = new Random(3);
        var clean = Flat(32, 32, 0.5f);
        var denoiser = new TemporalDenoiser();
        FeatureMap last = null!;
        for (int t = 0; t < 12; t++) last = denoiser.Apply(Noisy(clean, 0.01f, random), t == 0 ? null : new GlobalMotion(0, 0, 0.0085f), 0.01f);
        // (1-w)/(1+w) of the variance at w = 0.6 in the steady state, a little more through the soft threshold.
        Assert.True(Rms(last, clean) < 0.7 * 0.01, $"rms {Rms(last, clean)}");
    }

    [Fact]
    public void DenoiserFollowsTheMotionAndTakesChangedPixelsAsTheyAre()
    {
        var first = Flat(16, 16, 0.2f);
        for (int x = 0; x < 16; x++) first[8, x, 0] = 0.26f; // a faint row, within the noise tolerance
        var denoiser = new TemporalDenoiser();
        denoiser.Apply(first, null, 0);
        // The scene moved down by 2 rows: the row is now row 10, and a new bright square appears.
        var second = Flat(16, 16, 0.2f);
        for (int x = 0; x < 16; x++) second[10, x, 0] = 0.26f;
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) second[y, x, 1] = 0.9f;
        var filtered = denoiser.Apply(second, new GlobalMotion(0, 2, 0), 0.05f);
        Assert.Equal(second.Span.ToArray(), filtered.Span.ToArray());
        // Had the motion been ignored, the old row would have been blended into row 8 (and row 10 into the background).
        var ignoring = new TemporalDenoiser();
        ignoring.Apply(first, null, 0);
        Assert.NotEqual(second.Span.ToArray(), ignoring.Apply(second, new GlobalMotion(0, 0, 0), 0.05f).Span.ToArray());
    }

    [Fact]
    public void DenoiserResetForgetsThePreviousFrame()
    {
        var denoiser = new TemporalDenoiser();
        denoiser.Apply(Flat(8, 8, 0.5f), null, 0);
        denoiser.Reset();
        var next = Flat(8, 8, 0.51f);
        Assert.Equal(next.Span.ToArray(), denoiser.Apply(next, new GlobalMotion(0, 0, 0), 0.02f).Span.ToArray());
    }

    private static ChannelStatistics Statistics(float mean, float variance)
    {
        var map = new FeatureMap(1, 2, 1);
        float spread = MathF.Sqrt(variance);
        map.Data[0] = mean - spread;
        map.Data[1] = mean + spread;
        return ChannelStatistics.Gather(map);
    }

    [Fact]
    public void SharedStatisticsAverageAcrossFramesAndResetAtCuts()
    {
        var shared = new SharedStatistics(norms: 1, rate: 0.25f);
        var first = Statistics(1, 4);
        shared.Filter(0, first);
        Assert.Equal(1, first.Mean[0], 1e-5);
        Assert.Equal(4, first.Variance[0], 1e-4);

        var second = Statistics(3, 4);
        shared.Filter(0, second);
        Assert.Equal(1.5, second.Mean[0], 1e-5);
        // Spread about the running mean: 0.75 * 4 + 0.25 * (4 + 0.75 * 2^2).
        Assert.Equal(0.75 * 4 + 0.25 * (4 + 0.75 * 4), second.Variance[0], 1e-4);

        shared.Reset();
        var third = Statistics(-2, 1);
        shared.Filter(0, third);
        Assert.Equal(-2, third.Mean[0], 1e-5);
        Assert.Equal(1, third.Variance[0], 1e-4);
    }
}
