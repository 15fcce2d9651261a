using Cin.Engine.Kernels.Features;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests.Features;

/// <summary>
/// The data gradients of the feature network's zero-padded convolution and max-pool: against plain scatter twins on
/// every strategy, and against finite differences of <c>L(x) = sum(dy * f(x))</c> computed in float64, over odd sizes
/// and lopsided pads.
/// </summary>
public sealed class BackwardTests
{
    public static TheoryData<string, int, int, int, int, int, int, string> ConvCases()
    {
        var data = new TheoryData<string, int, int, int, int, int, int, string>();
        foreach (string strategy in SimdStrategy.All)
        {
            // strategy, h, w, in, out, kernel, stride, pad
            data.Add(strategy, 9, 7, 3, 8, 7, 2, "3,3,2,2");
            data.Add(strategy, 7, 8, 16, 5, 3, 2, "1,1,0,0");
            data.Add(strategy, 6, 5, 5, 6, 3, 1, "1,1,1,1");
            data.Add(strategy, 7, 9, 6, 4, 1, 2, "0,0,0,0");
            data.Add(strategy, 5, 6, 20, 3, 3, 1, "0,2,2,0");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv_input_gradient_matches_the_scatter_twin_and_finite_differences(string strategy, int h, int w, int ci, int co, int k, int stride, string padText)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        float[] x = RandomData.Uniform(h + w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci + co, k, ci, co);
        int ho = FeatureReferenceKernels.OutputSize(h, pad[0], pad[2], k, stride), wo = FeatureReferenceKernels.OutputSize(w, pad[1], pad[3], k, stride);
        float[] dy = RandomData.Uniform(7, ho * wo * co);

        var dx = new FeatureMap(h, w, ci);
        var kernel = new ConvBackward(new FeatureMap(ho, wo, co, dy), PaddedConvBackward.Transpose(hwio, k, ci, co), k, stride,
            new ZeroPadding(pad[0], pad[1], pad[2], pad[3]), dx);
        SimdStrategy.Run(strategy, ref kernel);

        double[] twin = ConvInputGradient(dy, ho, wo, co, hwio, k, stride, pad, h, w, ci);
        Assert.True(MaxDifference(twin, dx.Span) < 1e-5, $"against the twin: {MaxDifference(twin, dx.Span):G3}");

        // L is linear in x, so a central difference is exact up to rounding; a few cells, corners included.
        double Loss(float[] input)
        {
            float[] y = FeatureReferenceKernels.PaddedConv(input, h, w, ci, hwio, new float[co], k, stride, pad, relu: false, skip: null, out _, out _);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += (double)dy[i] * y[i];
            return sum;
        }
        foreach (int i in new[] { 0, ci - 1, (h * w - 1) * ci, x.Length / 2, x.Length - 1 })
        {
            const float eps = 1f / 64;
            float[] plus = (float[])x.Clone(), minus = (float[])x.Clone();
            plus[i] += eps;
            minus[i] -= eps;
            double numeric = (Loss(plus) - Loss(minus)) / (2 * eps);
            Assert.True(Math.Abs(numeric - dx.Span[i]) < 1e-3 * Math.Max(1, Math.Abs(numeric)), $"x[{i}]: numeric {numeric:G6}, analytic {dx.Span[i]:G6}");
        }
    }

    /// <summary>
    /// The strided data gradient by columns (one GEMM, then each input pixel gathers its taps) against the scatter
    /// twin: the feature networks' strided shapes, odd sizes, lopsided pads, a 3-channel input and more outputs than
    /// a vector.
    /// </summary>
    [Theory]
    [InlineData(9, 7, 3, 8, 7, 2, "3,3,2,2")]
    [InlineData(16, 16, 3, 24, 7, 2, "3,3,2,2")]
    [InlineData(7, 8, 16, 5, 3, 2, "1,1,0,0")]
    [InlineData(12, 10, 20, 33, 3, 2, "1,1,0,0")]
    [InlineData(7, 9, 6, 4, 1, 2, "0,0,0,0")]
    [InlineData(10, 11, 5, 6, 3, 3, "1,0,2,1")]
    [InlineData(6, 5, 5, 6, 3, 1, "1,1,1,1")]
    public void Column_gradient_matches_the_scatter_twin(int h, int w, int ci, int co, int k, int stride, string padText)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        float[] hwio = RandomData.HeWeights(ci * co + k, k, ci, co);
        int ho = FeatureReferenceKernels.OutputSize(h, pad[0], pad[2], k, stride), wo = FeatureReferenceKernels.OutputSize(w, pad[1], pad[3], k, stride);
        float[] dy = RandomData.Uniform(11, ho * wo * co);
        var dx = FeatureMap.Uninitialized(h, w, ci);
        dx.Span.Fill(float.NaN); // every cell must be written
        ColumnConvGradient.Apply(new FeatureMap(ho, wo, co, dy), ColumnConvGradient.Pack(hwio, k, ci, co), k, stride,
            new ZeroPadding(pad[0], pad[1], pad[2], pad[3]), dx, threads: 2);
        double[] twin = ConvInputGradient(dy, ho, wo, co, hwio, k, stride, pad, h, w, ci);
        Assert.True(MaxDifference(twin, dx.Span) < 1e-5, $"against the twin: {MaxDifference(twin, dx.Span):G3}");
    }

    /// <summary>
    /// The layer's backward pass, which runs the forward kernel on the spread gradient with the turned kernel, against
    /// the scatter twin: every stride and lopsided pad the feature networks use, odd sizes, with and without ReLU.
    /// </summary>
    [Theory]
    [InlineData(9, 7, 3, 8, 7, 2, "3,3,2,2", true)]
    [InlineData(13, 11, 3, 16, 7, 2, "3,3,2,2", false)]
    [InlineData(7, 8, 16, 5, 3, 2, "1,1,0,0", true)]
    [InlineData(6, 5, 5, 6, 3, 1, "1,1,1,1", true)]
    [InlineData(7, 9, 6, 4, 1, 2, "0,0,0,0", false)]
    [InlineData(5, 6, 20, 3, 3, 1, "0,2,2,0", false)]
    [InlineData(8, 8, 1, 3, 2, 2, "0,0,0,0", true)]
    public void Layer_backward_matches_the_scatter_twin(int h, int w, int ci, int co, int k, int stride, string padText, bool relu)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        float[] x = RandomData.Uniform(h * w, h * w * ci);
        float[] hwio = RandomData.HeWeights(ci * co + k, k, ci, co);
        float[] bias = RandomData.Uniform(3, co);
        var layer = new Cin.Engine.Features.PaddedConvLayer("test", hwio, bias, k, stride, new ZeroPadding(pad[0], pad[1], pad[2], pad[3]), ci, co,
            relu ? Cin.Engine.Kernels.Activation.Relu : Cin.Engine.Kernels.Activation.None);
        var input = new FeatureMap(h, w, ci, x);
        var output = layer.Forward(input, threads: 2);
        float[] dy = RandomData.Uniform(7, output.Length);
        float[] masked = dy.Select((g, i) => !relu || output.Data[i] > 0 ? g : 0).ToArray();
        Assert.Contains(masked, g => g != 0);

        var dx = layer.Backward(input, output, new FeatureMap(output.Height, output.Width, co, (float[])dy.Clone()), threads: 2);
        Assert.Equal((h, w, ci), (dx.Height, dx.Width, dx.Channels));
        double[] twin = ConvInputGradient(masked, output.Height, output.Width, co, hwio, k, stride, pad, h, w, ci);
        Assert.True(MaxDifference(twin, dx.Span) < 1e-5, $"against the twin: {MaxDifference(twin, dx.Span):G3}");
    }

    /// <summary>
    /// Ties, as after a ReLU (whole windows of zeros): the gradient goes to the first cell in row-major order that
    /// holds the maximum, on the vector channels and the scalar tail alike, against a plain twin.
    /// </summary>
    [Theory]
    [InlineData(9, 11, 16, 3, 2, "1,1,0,0")]
    [InlineData(8, 7, 21, 3, 2, "1,1,1,1")]
    public void Max_pool_gradient_goes_to_the_first_of_tied_winners(int h, int w, int c, int k, int stride, string padText)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        var random = new Random(h + w + c);
        float[] x = Enumerable.Range(0, h * w * c).Select(_ => (float)Math.Max(0, random.Next(-2, 3))).ToArray();
        int ho = FeatureReferenceKernels.OutputSize(h, pad[0], pad[2], k, stride), wo = FeatureReferenceKernels.OutputSize(w, pad[1], pad[3], k, stride);
        float[] dy = RandomData.Uniform(3, ho * wo * c);
        var dx = MaxPoolBackward.Apply(new FeatureMap(h, w, c, x), k, stride, new ZeroPadding(pad[0], pad[1], pad[2], pad[3]),
            new FeatureMap(ho, wo, c, dy), FeatureMap.Uninitialized(h, w, c));
        var twin = new double[h * w * c];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int ch = 0; ch < c; ch++)
                {
                    int best = -1;
                    for (int iy = oy * stride - pad[0]; iy < oy * stride - pad[0] + k; iy++)
                        for (int ix = ox * stride - pad[1]; ix < ox * stride - pad[1] + k; ix++)
                        {
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            int i = (iy * w + ix) * c + ch;
                            if (best < 0 || x[i] > x[best]) best = i;
                        }
                    twin[best] += dy[(oy * wo + ox) * c + ch];
                }
        Assert.True(MaxDifference(twin, dx.Span) < 1e-6, $"against the twin: {MaxDifference(twin, dx.Span):G3}");
    }

    [Theory]
    [InlineData(12, 17, 5, 3, 2, "1,1,0,0")]
    [InlineData(9, 9, 16, 3, 2, "1,1,1,1")]
    [InlineData(7, 10, 3, 2, 2, "0,1,1,0")]
    [InlineData(5, 6, 4, 3, 1, "2,0,0,2")]
    [InlineData(7, 6, 12, 3, 2, "1,1,0,0")] // a vector of channels and a scalar tail (few cells: the values stay small enough for float steps)
    public void Max_pool_gradient_goes_to_the_winners_as_finite_differences_say(int h, int w, int c, int k, int stride, string padText)
    {
        int[] pad = padText.Split(',').Select(int.Parse).ToArray();
        // Distinct values, so no small step changes a window's winner.
        var random = new Random(h * 100 + w);
        float[] x = Enumerable.Range(0, h * w * c).Select(i => (float)i).OrderBy(_ => random.Next()).Select(v => v / 10 - 5).ToArray();
        float[] y = FeatureReferenceKernels.MaxPool(x, h, w, c, k, stride, pad, out int ho, out int wo);
        float[] dy = RandomData.Uniform(11, y.Length);
        var dx = MaxPoolBackward.Apply(new FeatureMap(h, w, c, x), k, stride, new ZeroPadding(pad[0], pad[1], pad[2], pad[3]),
            new FeatureMap(ho, wo, c, dy), new FeatureMap(h, w, c));

        for (int i = 0; i < x.Length; i++)
        {
            const float eps = 0.01f;
            float[] plus = (float[])x.Clone(), minus = (float[])x.Clone();
            plus[i] += eps;
            minus[i] -= eps;
            double lp = Dot(dy, FeatureReferenceKernels.MaxPool(plus, h, w, c, k, stride, pad, out _, out _));
            double lm = Dot(dy, FeatureReferenceKernels.MaxPool(minus, h, w, c, k, stride, pad, out _, out _));
            double numeric = (lp - lm) / (2 * eps);
            Assert.True(Math.Abs(numeric - dx.Span[i]) < 1e-3, $"x[{i}]: numeric {numeric:G6}, analytic {dx.Span[i]:G6}");
        }
    }

    /// <summary>The plain twin: every output's gradient scattered through every tap, in float64.</summary>
    private static double[] ConvInputGradient(float[] dy, int ho, int wo, int co, float[] hwio, int k, int stride, int[] pad, int h, int w, int ci)
    {
        var dx = new double[h * w * ci];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                    {
                        int iy = oy * stride - pad[0] + ky, ix = ox * stride - pad[1] + kx;
                        if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                        for (int i = 0; i < ci; i++)
                            for (int o = 0; o < co; o++)
                                dx[(iy * w + ix) * ci + i] += (double)dy[(oy * wo + ox) * co + o] * hwio[((ky * k + kx) * ci + i) * co + o];
                    }
        return dx;
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (p, q) => (double)p * q).Sum();

    private static double MaxDifference(double[] expected, ReadOnlySpan<float> actual)
    {
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        return max;
    }

    private readonly struct ConvBackward(FeatureMap dy, float[] transposed, int kernel, int stride, ZeroPadding pad, FeatureMap dx) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => PaddedConvBackward.Apply<T>(dy, transposed, kernel, stride, pad, dx, threads: 2);
    }
}
