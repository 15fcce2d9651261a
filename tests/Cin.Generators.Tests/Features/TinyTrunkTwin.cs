using Cin.Engine;

namespace Cin.Generators.Tests.Features;

/// <summary>
/// tests/FeatureModels/tiny-trunk run by hand from the format's description (styles/README.md, cin-features):
/// direct loops over channels-last maps with float64 sums, zero padding by bounds checks, weights taken in
/// model.txt order (each conv's HWIO kernel, then its biases). Nothing is shared with the generated code.
/// </summary>
internal static class TinyTrunkTwin
{
    private sealed record Map(int H, int W, int C, double[] Data)
    {
        public double this[int y, int x, int c] => Data[(y * W + x) * C + c];
    }

    public static Dictionary<string, (int H, int W, int C, double[] Data)> Forward(float[] weights, FeatureMap rgb)
    {
        int next = 0;
        (float[] Kernel, float[] Bias) Take(int k, int ci, int co)
        {
            float[] kernel = weights[next..(next + k * k * ci * co)];
            next += kernel.Length;
            float[] bias = weights[next..(next + co)];
            next += co;
            return (kernel, bias);
        }

        double[] mean = [103.5, 116.25, 123.75];
        var x = new Map(rgb.Height, rgb.Width, 3, new double[rgb.Length]);
        for (int y = 0; y < rgb.Height; y++)
            for (int i = 0; i < rgb.Width; i++)
                for (int c = 0; c < 3; c++)
                    x.Data[(y * rgb.Width + i) * 3 + c] = (float)(255f * rgb[y, i, 2 - c] - (float)mean[c]);

        var taps = new Dictionary<string, (int, int, int, double[])>();
        x = Conv(x, Take(5, 3, 5), 5, 2, [2, 2, 1, 1], relu: true, skip: null);
        taps["relu1"] = Tap(x);
        x = MaxPool(x, 3, 2, [1, 1, 0, 0]);
        var h = Conv(x, Take(3, 5, 5), 3, 1, [1, 1, 1, 1], relu: true, skip: null);
        x = Conv(h, Take(3, 5, 5), 3, 1, [1, 1, 1, 1], relu: true, skip: x);
        taps["stage1"] = Tap(x);
        h = Conv(x, Take(3, 5, 6), 3, 2, [1, 1, 0, 0], relu: true, skip: null);
        var conv2 = Take(3, 6, 6);
        var projection = Conv(x, Take(1, 5, 6), 1, 2, [0, 0, 0, 0], relu: false, skip: null);
        x = Conv(h, conv2, 3, 1, [1, 1, 1, 1], relu: true, skip: projection);
        x = Conv(x, Take(1, 6, 7), 1, 1, [0, 0, 0, 0], relu: false, skip: null);
        taps["stage2"] = Tap(x);
        Assert.Equal(weights.Length, next);
        return taps;
    }

    private static (int, int, int, double[]) Tap(Map m) => (m.H, m.W, m.C, m.Data);

    private static Map Conv(Map x, (float[] Kernel, float[] Bias) p, int k, int s, int[] pad, bool relu, Map? skip)
    {
        int co = p.Bias.Length, ho = (x.H + pad[0] + pad[2] - k) / s + 1, wo = (x.W + pad[1] + pad[3] - k) / s + 1;
        var y = new Map(ho, wo, co, new double[ho * wo * co]);
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int o = 0; o < co; o++)
                {
                    double sum = p.Bias[o];
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * s - pad[0] + ky, ix = ox * s - pad[1] + kx;
                            if (iy < 0 || iy >= x.H || ix < 0 || ix >= x.W) continue;
                            for (int i = 0; i < x.C; i++) sum += p.Kernel[((ky * k + kx) * x.C + i) * co + o] * x[iy, ix, i];
                        }
                    if (skip != null) sum += skip[oy, ox, o];
                    y.Data[(oy * wo + ox) * co + o] = (float)(relu ? Math.Max(0, sum) : sum);
                }
        return y;
    }

    private static Map MaxPool(Map x, int k, int s, int[] pad)
    {
        int ho = (x.H + pad[0] + pad[2] - k) / s + 1, wo = (x.W + pad[1] + pad[3] - k) / s + 1;
        var y = new Map(ho, wo, x.C, new double[ho * wo * x.C]);
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int c = 0; c < x.C; c++)
                {
                    double max = double.NegativeInfinity;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * s - pad[0] + ky, ix = ox * s - pad[1] + kx;
                            if (iy >= 0 && iy < x.H && ix >= 0 && ix < x.W) max = Math.Max(max, x[iy, ix, c]);
                        }
                    y.Data[(oy * wo + ox) * x.C + c] = max;
                }
        return y;
    }
}
