using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>
/// The norm's row pass, <c>act(a * x + b)</c> with tiled coefficients, on every SIMD strategy against its float twin:
/// channel counts whose pattern is whole slabs of four vectors, whole vectors only, or (for the widest strategy) not
/// even that; rows with and without a part-pattern tail; in place and into another row.
/// </summary>
public class ScaleShiftRowTests
{
    private static readonly int[] ChannelCounts = [1, 3, 5, 8, 16, 17, 24, 32, 64, 96, 128];

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string strategy in SimdStrategy.All)
            foreach (int c in ChannelCounts)
                foreach (string activation in new[] { "none", "relu", "sigmoid" })
                    data.Add(strategy, c, activation);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_float_twin(string strategy, int c, string activation)
    {
        SimdStrategy.SkipUnlessRunnable(strategy);
        int period = ChannelPattern.Period(c);
        if (period % SimdStrategy.Lanes(strategy) != 0)
        {
            // The dispatcher never runs a strategy on a pattern that is not whole vectors of it; the kernel refuses.
            Assert.Throws<ArgumentException>(() => RunInPlace(strategy, new float[period], new float[period], new float[period], activation));
            return;
        }
        float[] gamma = RandomData.Uniform(c, c, -2f, 2f), beta = RandomData.Uniform(c + 1, c, -1f, 1f);
        foreach (int pixels in new[] { 1, 3, 8, 13, 40 })
        {
            float[] x = RandomData.Uniform(pixels * c + 7, pixels * c, -4f, 4f);
            float[] expected = ReferenceKernels.ScaleShift(x, c, gamma, beta, activation);

            float[] inPlace = (float[])x.Clone();
            RunInPlace(strategy, inPlace, ChannelPattern.Tile(gamma), ChannelPattern.Tile(beta), activation);
            // One float past the row: the pass must not write beyond its source's length.
            float[] copied = new float[x.Length + 1];
            copied[^1] = 12345f;
            var copy = new RowPass(x, copied, ChannelPattern.Tile(gamma), ChannelPattern.Tile(beta), Parse(activation));
            SimdStrategy.Run(strategy, ref copy);

            Assert.Equal(12345f, copied[^1]);
            Assert.Equal(inPlace, copied[..^1]);
            if (activation == "sigmoid" && strategy != "scalar")
            {
                // The vector exponential is not MathF.Exp: a few float roundings apart in (0, 1).
                Assert.True(RandomData.MaxAbsDifference(expected, inPlace) < 1e-6f,
                    $"{pixels} pixels: max abs difference {RandomData.MaxAbsDifference(expected, inPlace)}");
            }
            else
            {
                Assert.Equal(expected, inPlace);
            }
        }
    }

    [Fact]
    public void Each_pattern_is_dispatched_to_a_strategy_whose_vectors_divide_it()
    {
        for (int c = 1; c <= 256; c++)
        {
            int period = ChannelPattern.Period(c);
            int lanes = WidestLanesFor(period);
            Assert.True(period % lanes == 0, $"{c} channels: {lanes} lanes for a pattern of {period}");
            // Patterns of whole 256-bit slabs (32, 64, 128 channels) go to a strategy that has whole slabs too.
            if (period % (ChannelPattern.SlabVectors * 8) == 0)
                Assert.True(period % (ChannelPattern.SlabVectors * lanes) == 0, $"{c} channels: {lanes} lanes leave part slabs");
        }
    }

    private static int WidestLanesFor(int period) => SimdPaths.WidestFor(ChannelPattern.VectorStep(period));

    private static void RunInPlace(string strategy, float[] row, float[] a, float[] b, string activation)
    {
        var pass = new RowPass(row, row, a, b, Parse(activation));
        SimdStrategy.Run(strategy, ref pass);
    }

    private readonly ref struct RowPass(ReadOnlySpan<float> source, Span<float> destination, float[] a, float[] b, Activation activation)
        : ISimdKernel
    {
        private readonly ReadOnlySpan<float> _source = source;
        private readonly Span<float> _destination = destination;

        public void Run<T>() where T : unmanaged, ISimd<T> =>
            ConditionalInstanceNorm.ScaleShiftRow<T>(_source, _destination[.._source.Length], a, b, activation);
    }

    private static Activation Parse(string name) => name switch
    {
        "relu" => Activation.Relu,
        "sigmoid" => Activation.Sigmoid,
        _ => Activation.None,
    };
}
