namespace Cin.Engine.Tests.Reference;

/// <summary>
/// Plain, obviously-correct twins of the engine's kernels: no vectors, no packing, no shifted sums, double
/// accumulation. The fast kernels are checked against these.
/// </summary>
internal static class ReferenceKernels
{
    /// <summary>A single mirror about the edge pixel, valid while the pad is smaller than the side.</summary>
    public static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;

    public static float[] ReflectPad(float[] x, int h, int w, int c, int pad)
    {
        int hp = h + 2 * pad, wp = w + 2 * pad;
        var y = new float[hp * wp * c];
        for (int i = 0; i < hp; i++)
            for (int j = 0; j < wp; j++)
                for (int k = 0; k < c; k++)
                    y[(i * wp + j) * c + k] = x[(Mirror(i - pad, h) * w + Mirror(j - pad, w)) * c + k];
        return y;
    }

    /// <summary>Convolution of an unpadded map with reflect padding k/2, HWIO weights, any stride.</summary>
    public static float[] Conv(float[] x, int h, int w, int ci, float[] hwio, int k, int co, int stride, out int ho, out int wo)
    {
        int pad = k / 2;
        ho = (h + 2 * pad - k) / stride + 1;
        wo = (w + 2 * pad - k) / stride + 1;
        var y = new float[ho * wo * co];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int oc = 0; oc < co; oc++)
                {
                    double acc = 0;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = Mirror(oy * stride + ky - pad, h), ix = Mirror(ox * stride + kx - pad, w);
                            for (int ic = 0; ic < ci; ic++)
                                acc += (double)x[(iy * w + ix) * ci + ic] * hwio[((ky * k + kx) * ci + ic) * co + oc];
                        }
                    y[(oy * wo + ox) * co + oc] = (float)acc;
                }
        return y;
    }

    /// <summary>Two-pass instance norm in double, then the activation.</summary>
    public static float[] InstanceNorm(float[] x, int pixels, int c, float[] gamma, float[] beta, string activation)
    {
        var y = new float[x.Length];
        for (int ch = 0; ch < c; ch++)
        {
            double mean = 0;
            for (int p = 0; p < pixels; p++) mean += x[p * c + ch];
            mean /= pixels;
            double variance = 0;
            for (int p = 0; p < pixels; p++) variance += (x[p * c + ch] - mean) * (x[p * c + ch] - mean);
            variance /= pixels;
            for (int p = 0; p < pixels; p++)
            {
                double v = gamma[ch] * (x[p * c + ch] - mean) / Math.Sqrt(variance + 1e-5) + beta[ch];
                v = activation switch
                {
                    "relu" => Math.Max(v, 0),
                    "sigmoid" => 1 / (1 + Math.Exp(-v)),
                    _ => v,
                };
                y[p * c + ch] = (float)v;
            }
        }
        return y;
    }

    public static float[] UpsampleNearest(float[] x, int h, int w, int c, int factor)
    {
        var y = new float[h * factor * w * factor * c];
        for (int i = 0; i < h * factor; i++)
            for (int j = 0; j < w * factor; j++)
                for (int k = 0; k < c; k++)
                    y[(i * w * factor + j) * c + k] = x[((i / factor) * w + j / factor) * c + k];
        return y;
    }
}
