using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>The skip connection on every SIMD strategy against element-wise addition, at lengths around each width.</summary>
public class ResidualAddTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string strategy in SimdStrategy.All)
            foreach (int length in new[] { 0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 64, 1000 })
                data.Add(strategy, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_elementwise_addition(string strategy, int length)
    {
        float[] x = RandomData.Uniform(length, length + 1), skip = RandomData.Uniform(length + 1, length);
        float[] expected = x.Take(length).Zip(skip, (a, b) => a + b).Append(x[length]).ToArray();

        var kernel = new Add(x, skip);
        SimdStrategy.Run(strategy, ref kernel);

        // The float after the map is not part of it and must be left alone.
        Assert.Equal(expected, x);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(37)]
    [InlineData(1000)]
    public void The_dispatched_entry_matches_elementwise_addition(int length)
    {
        float[] x = RandomData.Uniform(length, length), skip = RandomData.Uniform(length + 1, length);
        float[] expected = x.Zip(skip, (a, b) => a + b).ToArray();
        ResidualAdd.Apply(x, skip);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Maps_of_different_sizes_are_refused() =>
        Assert.Throws<ArgumentException>(() => ResidualAdd.Apply(new float[8], new float[9]));

    private readonly struct Add(float[] x, float[] skip) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => ResidualAdd.Apply<T>(x.AsSpan(0, skip.Length), skip);
    }
}
