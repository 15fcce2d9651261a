namespace Cin.Network.Tests.Reference;

/// <summary>
/// The network in plain double-precision loops, channels-last, straight from <see cref="ModelFolder"/>. Slow, and
/// used only on small maps: it tells how far each float32 implementation (the engine, ONNX Runtime) is from the
/// exact result, which says whether a difference between the two is one's error or the input's conditioning.
/// </summary>
internal static class DoubleReference
{
    public static double[] Run(ModelFolder model, float[] hwioWeights, IReadOnlyList<float> styleWeights,
        float[] nhwc, int height, int width) =>
        Run(model, hwioWeights, layer => (model.Blend(layer, "gamma", styleWeights), model.Blend(layer, "beta", styleWeights)),
            nhwc, height, width);

    /// <summary>The same with each layer's gamma and beta given directly: a row that is no blend of the tables.</summary>
    public static double[] Run(ModelFolder model, float[] hwioWeights, Func<RefLayer, (float[] Gamma, float[] Beta)> rows,
        float[] nhwc, int height, int width)
    {
        double[] x = nhwc.Select(v => (double)v).ToArray(), skip = x;
        int h = height, w = width, c = 3, offset = 0;
        foreach (var layer in model.Layers)
        {
            if (layer.ResidualStart) skip = x;
            if (layer.Upsample == 2) (x, h, w) = (Upsample(x, h, w, c), 2 * h, 2 * w);
            int pad = layer.Kernel / 2;
            var padded = Pad(x, h, w, c, pad);
            (x, h, w) = Conv(padded, h + 2 * pad, w + 2 * pad, layer, hwioWeights.AsSpan(offset, layer.WeightCount));
            offset += layer.WeightCount;
            c = layer.Out;
            var (gamma, beta) = rows(layer);
            InstanceNorm(x, h * w, c, gamma, beta);
            for (int i = 0; i < x.Length; i++)
                x[i] = layer.Activation switch
                {
                    "relu" => Math.Max(0, x[i]),
                    "sigmoid" => 1 / (1 + Math.Exp(-x[i])),
                    _ => x[i],
                };
            if (layer.ResidualEnd)
                for (int i = 0; i < x.Length; i++) x[i] += skip[i];
        }
        return x;
    }

    private static double[] Upsample(double[] x, int h, int w, int c)
    {
        var y = new double[4 * x.Length];
        for (int r = 0; r < 2 * h; r++)
            for (int q = 0; q < 2 * w; q++)
                for (int k = 0; k < c; k++)
                    y[(r * 2 * w + q) * c + k] = x[((r / 2) * w + q / 2) * c + k];
        return y;
    }

    private static int Reflect(int i, int n) => i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;

    private static double[] Pad(double[] x, int h, int w, int c, int pad)
    {
        int ph = h + 2 * pad, pw = w + 2 * pad;
        var y = new double[ph * pw * c];
        for (int r = 0; r < ph; r++)
            for (int q = 0; q < pw; q++)
                for (int k = 0; k < c; k++)
                    y[(r * pw + q) * c + k] = x[(Reflect(r - pad, h) * w + Reflect(q - pad, w)) * c + k];
        return y;
    }

    private static (double[], int, int) Conv(double[] x, int h, int w, RefLayer layer, ReadOnlySpan<float> hwio)
    {
        int k = layer.Kernel, s = layer.Stride, ci = layer.In, co = layer.Out;
        int oh = (h - k) / s + 1, ow = (w - k) / s + 1;
        var y = new double[oh * ow * co];
        for (int r = 0; r < oh; r++)
            for (int q = 0; q < ow; q++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        for (int i = 0; i < ci; i++)
                        {
                            double v = x[((r * s + ky) * w + q * s + kx) * ci + i];
                            int wBase = ((ky * k + kx) * ci + i) * co, yBase = (r * ow + q) * co;
                            for (int o = 0; o < co; o++) y[yBase + o] += v * hwio[wBase + o];
                        }
        return (y, oh, ow);
    }

    private static void InstanceNorm(double[] x, int pixels, int c, float[] gamma, float[] beta)
    {
        for (int k = 0; k < c; k++)
        {
            double mean = 0, variance = 0;
            for (int p = 0; p < pixels; p++) mean += x[p * c + k];
            mean /= pixels;
            for (int p = 0; p < pixels; p++) variance += (x[p * c + k] - mean) * (x[p * c + k] - mean);
            variance /= pixels;
            double a = gamma[k] / Math.Sqrt(variance + 1e-5), b = beta[k] - mean * a;
            for (int p = 0; p < pixels; p++) x[p * c + k] = a * x[p * c + k] + b;
        }
    }
}
