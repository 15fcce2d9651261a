using Cin.Engine.Kernels;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>
/// Each convolution gathers its output's channel statistics as it writes; they must be the statistics of the map it
/// returns, whatever the strips, borders, staging and threads.
/// </summary>
public class ConvStatisticsTests
{
    [Theory]
    [InlineData("direct", 9, 13, 3, 32, 9, 1, 1)]
    [InlineData("direct", 16, 11, 32, 64, 3, 2, 2)]
    [InlineData("direct", 7, 5, 8, 3, 3, 1, 2)]
    [InlineData("winograd", 5, 7, 3, 5, 3, 1, 1)]
    [InlineData("winograd", 13, 55, 16, 8, 3, 1, 2)]
    [InlineData("winograd", 24, 30, 128, 128, 3, 1, 2)]
    [InlineData("winograd", 2, 3, 4, 4, 3, 1, 1)]
    [InlineData("winograd", 9, 13, 3, 32, 9, 1, 1)]
    [InlineData("winograd", 31, 17, 3, 16, 9, 1, 2)]
    [InlineData("subpixel", 6, 5, 32, 8, 3, 1, 2)]
    [InlineData("subpixel", 3, 4, 8, 4, 3, 1, 1)]
    [InlineData("narrow", 12, 17, 32, 3, 9, 1, 2)]
    [InlineData("narrow", 5, 6, 4, 4, 3, 1, 1)]
    public void Gathered_while_writing_match_the_written_map(string algorithm, int h, int w, int ci, int co, int k, int stride, int threads)
    {
        var input = new FeatureMap(h, w, ci, RandomData.Uniform(h * 5 + w + ci, h * w * ci, -1, 3));
        float[] hwio = RandomData.HeWeights(ci * co + k, k, ci, co);
        var statistics = new ChannelStatistics.Accumulator(co);
        FeatureMap output = algorithm switch
        {
            "direct" => Conv2d.Apply(input, ConvWeights.FromHwio(hwio, k, ci, co), stride,
                new FeatureMap(Conv2d.OutputSize(h, k, stride), Conv2d.OutputSize(w, k, stride), co), threads, statistics),
            "winograd" => WinogradConv.Apply(input, WinogradWeights.FromHwio(hwio, k, ci, co), new FeatureMap(h, w, co), threads, statistics),
            "subpixel" => SubPixelConv3x3.Apply(input, SubPixelWeights.FromHwio(hwio, ci, co), new FeatureMap(2 * h, 2 * w, co), threads, statistics),
            _ => NarrowOutputConv.Apply(input, ConvWeights.FromHwio(hwio, k, ci, co), new FeatureMap(h, w, co), threads, statistics),
        };

        var gathered = statistics.Finish();
        var (mean, variance) = ExactStatistics(output);
        for (int c = 0; c < co; c++)
        {
            // Float sums over a region, merged in double: relative error ~1e-6 of the values' scale.
            double scale = Math.Sqrt(variance[c]) + Math.Abs(mean[c]) + 1;
            Assert.True(Math.Abs(gathered.Mean[c] - mean[c]) < 1e-5 * scale, $"channel {c}: mean {gathered.Mean[c]} vs {mean[c]}");
            Assert.True(Math.Abs(gathered.Variance[c] - variance[c]) < 1e-5 * scale * scale,
                $"channel {c}: variance {gathered.Variance[c]} vs {variance[c]}");
        }
    }

    [Fact]
    public void Regions_of_any_size_merge_to_the_whole()
    {
        // Regions cut at odd pixel counts, with a mean far above the spread, the case the per-region origin is for.
        const int pixels = 997, c = 5;
        float[] x = RandomData.Uniform(3, pixels * c, 499.5f, 500.5f);
        var whole = new FeatureMap(1, pixels, c, x);
        var (mean, variance) = ExactStatistics(whole);
        var statistics = new ChannelStatistics.Accumulator(c);
        int[] cuts = { 1, 2, 7, 64, 300, 1, 622 };
        int start = 0;
        foreach (int n in cuts)
        {
            statistics.Add(x.AsSpan(start * c, n * c));
            start += n;
        }
        Assert.Equal(pixels, start);
        var gathered = statistics.Finish();
        for (int ch = 0; ch < c; ch++)
        {
            Assert.True(Math.Abs(gathered.Mean[ch] - mean[ch]) < 1e-4, $"mean {gathered.Mean[ch]} vs {mean[ch]}");
            Assert.True(Math.Abs(gathered.Variance[ch] - variance[ch]) < 1e-4 * variance[ch], $"variance {gathered.Variance[ch]} vs {variance[ch]}");
        }
    }

    [Fact]
    public void The_order_regions_arrive_in_does_not_change_a_bit()
    {
        // Threads add regions in whatever order they finish; the result must not depend on it.
        const int pixels = 640, c = 6, region = 64;
        float[] x = RandomData.Uniform(4, pixels * c, -2f, 5f);
        ChannelStatistics Gather(IEnumerable<int> order)
        {
            var accumulator = new ChannelStatistics.Accumulator(c);
            foreach (int r in order) accumulator.Add(x.AsSpan(r * region * c, region * c));
            return accumulator.Finish();
        }
        var inOrder = Gather(Enumerable.Range(0, pixels / region));
        var shuffled = Gather(new[] { 7, 2, 9, 0, 5, 1, 8, 3, 6, 4 });
        Assert.Equal(inOrder.Mean, shuffled.Mean);
        Assert.Equal(inOrder.Variance, shuffled.Variance);
    }

    [Fact]
    public void A_region_must_hold_whole_pixels()
    {
        var statistics = new ChannelStatistics.Accumulator(3);
        Assert.Throws<ArgumentException>(() => statistics.Add(new float[4]));
        Assert.Throws<InvalidOperationException>(() => statistics.Finish());
    }

    private static (double[] Mean, double[] Variance) ExactStatistics(FeatureMap map)
    {
        int c = map.Channels;
        var mean = new double[c];
        var variance = new double[c];
        var data = map.Span;
        for (int i = 0; i < data.Length; i++) mean[i % c] += data[i];
        for (int ch = 0; ch < c; ch++) mean[ch] /= map.Pixels;
        for (int i = 0; i < data.Length; i++) variance[i % c] += (data[i] - mean[i % c]) * (data[i] - mean[i % c]);
        for (int ch = 0; ch < c; ch++) variance[ch] /= map.Pixels;
        return (mean, variance);
    }
}
