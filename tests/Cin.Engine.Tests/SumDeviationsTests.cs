using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>
/// The statistics' inner sums on every SIMD strategy against their float twin, bit for bit: each lane of the channel
/// pattern adds its deviations in row order whatever the width, which is what keeps the norm's output the same on
/// every instruction set. Patterns of whole slabs, whole vectors only, or not even that; regions with part-pattern
/// tails; sums that start from earlier values.
/// </summary>
public class SumDeviationsTests
{
    private static readonly int[] ChannelCounts = [1, 3, 5, 8, 16, 17, 24, 32, 64, 96, 128];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string strategy in SimdStrategy.All)
            foreach (int c in ChannelCounts)
                data.Add(strategy, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_float_twin_bit_for_bit(string strategy, int c)
    {
        SimdStrategy.SkipUnlessRunnable(strategy);
        int period = ChannelPattern.Period(c);
        if (period % SimdStrategy.Lanes(strategy) != 0)
        {
            // The dispatcher never runs a strategy on a pattern that is not whole vectors of it; the kernel refuses.
            Assert.Throws<ArgumentException>(() => Run(strategy, new float[period], new float[period], new float[period], new float[period]));
            return;
        }
        foreach (int pixels in new[] { 1, 3, 8, 13, 40 })
        {
            // A mean far from zero, as after a convolution with a bias-like offset, around an origin near it.
            float[] row = RandomData.Uniform(pixels * c + 3, pixels * c, 9f, 11f);
            float[] origin = ChannelPattern.Tile(RandomData.Uniform(c, c, 9.5f, 10.5f));
            float[] sum = RandomData.Uniform(c + 5, period, -1f, 1f), squares = RandomData.Uniform(c + 6, period, 0f, 2f);
            var (expectedSum, expectedSquares) = ReferenceKernels.SumDeviations(row, origin, sum, squares);

            Run(strategy, row, origin, sum, squares);

            Assert.Equal(expectedSum, sum);
            Assert.Equal(expectedSquares, squares);
        }
    }

    private static void Run(string strategy, float[] row, float[] origin, float[] sum, float[] squares)
    {
        var kernel = new Sums(row, origin, sum, squares);
        SimdStrategy.Run(strategy, ref kernel);
    }

    private readonly struct Sums(float[] row, float[] origin, float[] sum, float[] squares) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => ChannelStatistics.Accumulator.SumDeviations<T>(row, origin, sum, squares);
    }
}
