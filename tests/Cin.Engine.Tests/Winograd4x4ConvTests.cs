using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>
/// Winograd F(4x4, 3x3) against the plain twin: reflect-padded and pre-padded, sides that are and are not multiples of
/// the 4x4 tile, maps smaller than a tile, channels that are not a whole vector, several threads and bands, channel
/// groups, the statistics it gathers, and every SIMD strategy in one process.
/// </summary>
public sealed class Winograd4x4ConvTests
{
    [Theory]
    [InlineData(2, 2, 3, 5, 1)]
    [InlineData(2, 3, 8, 8, 1)]
    [InlineData(4, 4, 16, 16, 1)]
    [InlineData(5, 7, 3, 5, 1)]
    [InlineData(13, 55, 16, 8, 2)]
    [InlineData(3, 61, 24, 40, 1)]
    [InlineData(31, 34, 32, 32, 3)]
    [InlineData(36, 36, 128, 128, 2)]
    [InlineData(100, 7, 8, 8, 1)]
    [InlineData(66, 66, 64, 32, 2)]
    public void Matches_the_reference_convolution(int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h * 7 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, 3, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, 3, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        output.Span.Fill(float.NaN);
        var statistics = new ChannelStatistics.Accumulator(co);
        Winograd4x4Conv.Apply(new FeatureMap(h, w, ci, x), Winograd4x4Weights.FromHwio(hwio, ci, co), output, threads, statistics);

        AssertClose(expected, output.Span.ToArray());
        // The statistics are gathered from the rows as written: the mean of each channel.
        var stats = statistics.Finish();
        for (int c = 0; c < co; c++)
        {
            double mean = 0;
            for (int p = 0; p < h * w; p++) mean += output.Span[p * co + c];
            Assert.Equal(mean / (h * w), stats.Mean[c], 1e-4);
        }
    }

    public static TheoryData<string, int, int, int, int> StrategyShapes()
    {
        var data = new TheoryData<string, int, int, int, int>();
        foreach (string strategy in SimdStrategy.All)
        {
            data.Add(strategy, 5, 7, 3, 5);
            data.Add(strategy, 13, 55, 16, 8);
            data.Add(strategy, 3, 61, 24, 40);
            data.Add(strategy, 16, 16, 64, 64);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StrategyShapes))]
    public void Matches_the_reference_on_every_strategy(string strategy, int h, int w, int ci, int co)
    {
        float[] x = RandomData.Uniform(h * 7 + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, 3, ci, co);
        float[] expected = ReferenceKernels.Conv(x, h, w, ci, hwio, 3, co, 1, out _, out _);

        var output = new FeatureMap(h, w, co);
        var conv = new Convolution(new FeatureMap(h, w, ci, x), Winograd4x4Weights.FromHwio(hwio, ci, co), output);
        SimdStrategy.Run(strategy, ref conv);

        AssertClose(expected, output.Span.ToArray());
    }

    /// <summary>Pre-padded with zeros (a feature network's padding), one thread and two (which split the channels of a small map).</summary>
    [Theory]
    [InlineData(8, 8, 16, 32, 2)]
    [InlineData(9, 6, 8, 12, 1)]
    [InlineData(16, 16, 64, 64, 2)]
    [InlineData(1, 2, 8, 8, 2)]
    public void Matches_the_reference_on_a_zero_padded_input(int h, int w, int ci, int co, int threads)
    {
        float[] x = RandomData.Uniform(h + 3 * w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * 3 + co, 3, ci, co);
        int hp = Winograd4x4Conv.PaddedSize(h), wp = Winograd4x4Conv.PaddedSize(w);
        var padded = new FeatureMap(hp, wp, ci);
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
                for (int c = 0; c < ci; c++)
                    padded[y + 1, xx + 1, c] = x[(y * w + xx) * ci + c];
        // The plain twin with zero padding: the reflect-padded reference over the zero-bordered map, cropped.
        float[] full = ReferenceKernels.Conv(padded.Span.ToArray(), hp, wp, ci, hwio, 3, co, 1, out _, out _);
        float[] expected = new float[h * w * co];
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
                for (int c = 0; c < co; c++)
                    expected[(y * w + xx) * co + c] = full[((y + 1) * wp + xx + 1) * co + c];

        var output = new FeatureMap(h, w, co);
        Winograd4x4Conv.ApplyPadded<Simd512>(padded, Winograd4x4Weights.FromHwio(hwio, ci, co), output, threads);
        AssertClose(expected, output.Span.ToArray());
        Assert.Throws<ArgumentException>(() =>
            Winograd4x4Conv.ApplyPadded<Simd512>(new FeatureMap(hp - 1, wp, ci), Winograd4x4Weights.FromHwio(hwio, ci, co), output, 1));
    }

    [Fact]
    public void Rejects_a_kernel_of_another_shape()
    {
        Assert.Throws<ArgumentException>(() => Winograd4x4Weights.FromHwio(new float[25 * 3 * 8], 3, 8));
        Assert.Throws<ArgumentException>(() => Winograd4x4Conv.Apply(new FeatureMap(4, 4, 3), Winograd4x4Weights.FromHwio(new float[9 * 3 * 8], 3, 8), new FeatureMap(4, 4, 7)));
    }

    private readonly struct Convolution(FeatureMap input, Winograd4x4Weights weights, FeatureMap output) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => Winograd4x4Conv.Apply<T>(input, weights, output, 2, null);
    }

    /// <summary>
    /// F(4x4, 3x3)'s transforms scale values by up to 8 (output) and 5 (input) before the products are summed back, so
    /// the result rounds further from the direct sum than F(3x3)'s: 2e-5 of the largest output (or of 1) still catches
    /// a misplaced tap or a wrong coefficient by orders of magnitude.
    /// </summary>
    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual)
    {
        float scale = Math.Max(1f, expected.Max(MathF.Abs));
        float diff = RandomData.MaxAbsDifference(expected, actual);
        Assert.True(diff < 2e-5f * scale, $"max abs difference {diff}, largest output {scale}");
    }
}
