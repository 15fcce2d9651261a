namespace Cin.Engine.Tests.Reference;

/// <summary>
/// Plain twins of the feature-network kernels (Kernels/Features): channels-last loops with zero padding by bounds
/// checks, double accumulation, and padded cells that never win a max-pool.
/// </summary>
internal static class FeatureReferenceKernels
{
    public static int OutputSize(int size, int before, int after, int kernel, int stride) => (size + before + after - kernel) / stride + 1;

    /// <summary><c>act(conv(x) + bias + skip)</c>, pads (top, left, bottom, right), HWIO weights.</summary>
    public static float[] PaddedConv(float[] x, int h, int w, int ci, float[] hwio, float[] bias, int k, int stride, int[] pad,
        bool relu, float[]? skip, out int ho, out int wo)
    {
        int co = bias.Length;
        ho = OutputSize(h, pad[0], pad[2], k, stride);
        wo = OutputSize(w, pad[1], pad[3], k, stride);
        var y = new float[ho * wo * co];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int oc = 0; oc < co; oc++)
                {
                    double acc = bias[oc];
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pad[0] + ky, ix = ox * stride - pad[1] + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            for (int ic = 0; ic < ci; ic++)
                                acc += (double)x[(iy * w + ix) * ci + ic] * hwio[((ky * k + kx) * ci + ic) * co + oc];
                        }
                    int i = (oy * wo + ox) * co + oc;
                    if (skip != null) acc += skip[i];
                    y[i] = (float)(relu ? Math.Max(0, acc) : acc);
                }
        return y;
    }

    public static float[] MaxPool(float[] x, int h, int w, int c, int k, int stride, int[] pad, out int ho, out int wo)
    {
        ho = OutputSize(h, pad[0], pad[2], k, stride);
        wo = OutputSize(w, pad[1], pad[3], k, stride);
        var y = new float[ho * wo * c];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int ch = 0; ch < c; ch++)
                {
                    float max = float.NegativeInfinity;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pad[0] + ky, ix = ox * stride - pad[1] + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) max = Math.Max(max, x[(iy * w + ix) * c + ch]);
                        }
                    y[(oy * wo + ox) * c + ch] = max;
                }
        return y;
    }
}
