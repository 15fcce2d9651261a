using Cin.Engine.Kernels;

namespace Cin.Engine.Tests.Backward;

/// <summary>
/// Plain twins of the backward kernels, and of the forward operations in double for finite differences: direct loops,
/// double sums, the padding and upsampling written as the index maps they are. Channels-last, like the engine.
/// </summary>
internal static class BackwardReference
{
    /// <summary>A single mirror about the edge pixel, valid while the pad is smaller than the side.</summary>
    public static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;

    public static int OutputSize(int size, int k, int stride) => (size + 2 * (k / 2) - k) / stride + 1;

    /// <summary>Reflect-padded convolution in double, HWIO weights, any stride.</summary>
    public static double[] Conv(double[] x, int h, int w, int ci, float[] hwio, int k, int co, int stride)
    {
        int pad = k / 2, ho = OutputSize(h, k, stride), wo = OutputSize(w, k, stride);
        var y = new double[ho * wo * co];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                    {
                        int iy = Mirror(oy * stride + ky - pad, h), ix = Mirror(ox * stride + kx - pad, w);
                        for (int ic = 0; ic < ci; ic++)
                            for (int oc = 0; oc < co; oc++)
                                y[(oy * wo + ox) * co + oc] += x[(iy * w + ix) * ci + ic] * hwio[((ky * k + kx) * ci + ic) * co + oc];
                    }
        return y;
    }

    /// <summary>The convolution's data gradient: every output's gradient times each weight, sent back to the input pixel its tap read.</summary>
    public static double[] ConvDataGradientTwin(double[] dy, int h, int w, int ci, float[] hwio, int k, int co, int stride)
    {
        int pad = k / 2, ho = OutputSize(h, k, stride), wo = OutputSize(w, k, stride);
        var dx = new double[h * w * ci];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                    {
                        int iy = Mirror(oy * stride + ky - pad, h), ix = Mirror(ox * stride + kx - pad, w);
                        for (int ic = 0; ic < ci; ic++)
                            for (int oc = 0; oc < co; oc++)
                                dx[(iy * w + ix) * ci + ic] += dy[(oy * wo + ox) * co + oc] * hwio[((ky * k + kx) * ci + ic) * co + oc];
                    }
        return dx;
    }

    public static double[] Upsample(double[] x, int h, int w, int c, int f)
    {
        var y = new double[x.Length * f * f];
        for (int i = 0; i < h * f; i++)
            for (int j = 0; j < w * f; j++)
                for (int k = 0; k < c; k++)
                    y[(i * w * f + j) * c + k] = x[((i / f) * w + j / f) * c + k];
        return y;
    }

    public static double[] UpsampleGradientTwin(double[] dy, int h, int w, int c, int f)
    {
        var dx = new double[h * w * c];
        for (int i = 0; i < h * f; i++)
            for (int j = 0; j < w * f; j++)
                for (int k = 0; k < c; k++)
                    dx[((i / f) * w + j / f) * c + k] += dy[(i * w * f + j) * c + k];
        return dx;
    }

    public static double Activate(double v, Activation activation) => activation switch
    {
        Activation.Relu => Math.Max(v, 0),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
        _ => v,
    };

    /// <summary>The activation's derivative from its output.</summary>
    public static double ActivationDerivative(double output, Activation activation) => activation switch
    {
        Activation.Relu => output > 0 ? 1 : 0,
        Activation.Sigmoid => output * (1 - output),
        _ => 1,
    };

    public static (double[] Mean, double[] Variance) Statistics(double[] z, int c)
    {
        int pixels = z.Length / c;
        double[] mean = new double[c], variance = new double[c];
        for (int p = 0; p < pixels; p++)
            for (int ch = 0; ch < c; ch++) mean[ch] += z[p * c + ch];
        for (int ch = 0; ch < c; ch++) mean[ch] /= pixels;
        for (int p = 0; p < pixels; p++)
            for (int ch = 0; ch < c; ch++) variance[ch] += (z[p * c + ch] - mean[ch]) * (z[p * c + ch] - mean[ch]);
        for (int ch = 0; ch < c; ch++) variance[ch] /= pixels;
        return (mean, variance);
    }

    /// <summary><c>act(gamma (z - mean) / sqrt(var + 1e-5) + beta)</c>, two-pass population statistics.</summary>
    public static double[] Norm(double[] z, int c, double[] gamma, double[] beta, Activation activation)
    {
        var (mean, variance) = Statistics(z, c);
        var y = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            int ch = i % c;
            y[i] = Activate(gamma[ch] * (z[i] - mean[ch]) / Math.Sqrt(variance[ch] + 1e-5) + beta[ch], activation);
        }
        return y;
    }

    /// <summary>The norm's gradients, straight from the chain rule through the mean and the variance, term by term.</summary>
    public static (double[] Dz, double[] DGamma, double[] DBeta) NormGradient(double[] z, int c, double[] gamma, double[] beta,
        Activation activation, double[] dOut)
    {
        int pixels = z.Length / c;
        var (mean, variance) = Statistics(z, c);
        var y = Norm(z, c, gamma, beta, activation);
        double[] dGamma = new double[c], dBeta = new double[c], dz = new double[z.Length];
        double[] dn = new double[z.Length], sigma = new double[c];
        for (int ch = 0; ch < c; ch++) sigma[ch] = Math.Sqrt(variance[ch] + 1e-5);
        for (int i = 0; i < z.Length; i++)
        {
            int ch = i % c;
            double g = dOut[i] * ActivationDerivative(y[i], activation);
            double n = (z[i] - mean[ch]) / sigma[ch];
            dBeta[ch] += g;
            dGamma[ch] += g * n;
            dn[i] = g * gamma[ch];
        }
        // n = (z - mean) / sigma: through z directly, through the mean, and through sigma (d sigma / d z_j = (z_j - mean) / (N sigma)).
        double[] dMean = new double[c], dVar = new double[c];
        for (int i = 0; i < z.Length; i++)
        {
            int ch = i % c;
            dVar[ch] += dn[i] * (z[i] - mean[ch]) * -0.5 * Math.Pow(variance[ch] + 1e-5, -1.5);
            dMean[ch] += -dn[i] / sigma[ch];
        }
        for (int i = 0; i < z.Length; i++)
        {
            int ch = i % c;
            dz[i] = dn[i] / sigma[ch] + dVar[ch] * 2 * (z[i] - mean[ch]) / pixels + dMean[ch] / pixels;
        }
        return (dz, dGamma, dBeta);
    }

    public static double[] ToDouble(float[] x) => x.Select(v => (double)v).ToArray();

    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// The central difference of <paramref name="loss"/> with respect to <c>x[i]</c>, in double: the truncation error
    /// is O(step^2) times the third derivative, and the rounding error about 1e-16 |loss| / step.
    /// </summary>
    public static double CentralDifference(double[] x, int i, Func<double[], double> loss, double step = 1e-5)
    {
        double kept = x[i];
        x[i] = kept + step;
        double up = loss(x);
        x[i] = kept - step;
        double down = loss(x);
        x[i] = kept;
        return (up - down) / (2 * step);
    }

    /// <summary>The largest difference, relative to the largest expected value (so a gradient that is small everywhere is not judged by its noise).</summary>
    public static double RelativeError(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++) scale = Math.Max(scale, Math.Abs(expected[i]));
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(scale > 0, "the expected gradient is zero everywhere, so the comparison would prove nothing");
        return worst / scale;
    }

    public static double RelativeError(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual) =>
        RelativeError(expected, actual.ToArray().Select(v => (double)v).ToArray());
}
