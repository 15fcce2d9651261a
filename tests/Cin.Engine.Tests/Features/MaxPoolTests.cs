using Cin.Engine.Kernels.Features;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Features;

/// <summary>Max-pooling with minus-infinity padding against its plain twin, on every SIMD strategy.</summary>
public sealed class MaxPoolTests
{
    public static TheoryData<string, int, int, int, int, int, string> Cases()
    {
        var data = new TheoryData<string, int, int, int, int, int, string>();
        foreach (string strategy in SimdStrategy.All)
        {
            // strategy, h, w, channels, kernel, stride, pad
            data.Add(strategy, 12, 17, 64, 3, 2, "1,1,0,0"); // the ResNet pool on an odd width
            data.Add(strategy, 9, 9, 5, 3, 2, "1,1,1,1");    // channels not a whole vector
            data.Add(strategy, 7, 10, 20, 2, 2, "0,1,1,0");
            data.Add(strategy, 5, 6, 3, 3, 1, "2,0,0,2");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_plain_twin(string strategy, int h, int w, int c, int k, int stride, string padText)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        // All negative, so a padded cell counted as 0 would win and show.
        float[] x = RandomData.Uniform(h * 13 + c, h * w * c, -2f, -0.1f);
        float[] expected = FeatureReferenceKernels.MaxPool(x, h, w, c, k, stride, pad, out int ho, out int wo);
        var output = new FeatureMap(ho, wo, c);
        var pool = new Pool(new FeatureMap(h, w, c, x), k, stride, new ZeroPadding(pad[0], pad[1], pad[2], pad[3]), output);
        SimdStrategy.Run(strategy, ref pool);
        Assert.Equal(expected, output.Span.ToArray());
    }

    [Fact]
    public void Rejects_padding_of_a_whole_window()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            MaxPool.Apply(new FeatureMap(6, 6, 2), 3, 2, new ZeroPadding(3, 0, 0, 0), new FeatureMap(4, 2, 2)));
        Assert.Contains("reaches a whole 3x3 window", error.Message);
    }

    private readonly struct Pool(FeatureMap input, int kernel, int stride, ZeroPadding pad, FeatureMap output) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => MaxPool.Apply<T>(input, kernel, stride, pad, output, threads: 2);
    }
}
