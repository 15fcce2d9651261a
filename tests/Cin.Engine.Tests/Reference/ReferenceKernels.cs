namespace Cin.Engine.Tests.Reference;

/// <summary>
/// Plain, obviously-correct twins of the engine's kernels: no vectors, no packing, no shifted sums, double
/// accumulation. The fast kernels are checked against these. The twins of the norm's row pass and of the statistics'
/// sums are in float instead, rounding where those kernels promise to round, so that their bits can be compared.
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

    /// <summary>
    /// <c>act(scale[ch] * x + shift[ch])</c> value by value, in float, the product rounded before the sum: the
    /// norm's row pass promises exactly these bits on every strategy (its sigmoid's vector exponential aside).
    /// </summary>
    public static float[] ScaleShift(float[] x, int c, float[] scale, float[] shift, string activation)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            float product = scale[i % c] * x[i];
            float v = product + shift[i % c];
            y[i] = activation switch
            {
                "relu" => MathF.Max(v, 0),
                "sigmoid" => 1 / (1 + MathF.Exp(-v)),
                _ => v,
            };
        }
        return y;
    }

    /// <summary>
    /// For each lane <c>j</c> of a repeating pattern of <c>origin.Length</c> floats, the deviations
    /// <c>d = row[i] - origin[j]</c> of the values on that lane, and their squares, each summed in float in row order
    /// onto the starting sums: the order, and so the bits, the statistics kernel promises on every strategy.
    /// </summary>
    public static (float[] Sum, float[] Squares) SumDeviations(float[] row, float[] origin, float[] startSum, float[] startSquares)
    {
        float[] sum = (float[])startSum.Clone(), squares = (float[])startSquares.Clone();
        for (int i = 0; i < row.Length; i++)
        {
            int j = i % origin.Length;
            float d = row[i] - origin[j];
            float square = d * d;
            sum[j] += d;
            squares[j] += square;
        }
        return (sum, squares);
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
