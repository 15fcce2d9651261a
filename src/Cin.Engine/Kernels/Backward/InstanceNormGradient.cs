using System.Buffers;
using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The gradient through a conditional instance norm and its activation, <c>y = act(gamma * n + beta)</c> with
/// <c>n = (z - mean) / sigma</c>, <c>sigma = sqrt(var + eps)</c>, the population statistics of each channel of the
/// pre-norm map z, exactly as <see cref="ConditionalInstanceNorm"/> computes them. With <c>g</c> the gradient with
/// respect to <c>gamma * n + beta</c> and N the pixels:
/// <list type="bullet">
/// <item><c>dbeta = sum g</c>, <c>dgamma = sum g n</c> (per channel, summed in double);</item>
/// <item><c>dz = gamma / sigma * (g - dbeta / N - n * dgamma / N)</c>: the mean and the variance depend on every
/// pixel, which the two subtracted terms account for (eps included: the formula is exact for any eps).</item>
/// </list>
/// The activation's output is recomputed row by row from z with the forward's own coefficients and row pass, so its
/// derivative is taken at the very values the forward produced, and only z and the statistics need be kept.
/// </summary>
public static class InstanceNormGradient
{
    /// <param name="preNorm">The layer's output before its norm, z.</param>
    /// <param name="mean">The statistics the forward used.</param>
    /// <param name="outputGradient">With respect to the activation's output.</param>
    /// <param name="result">With respect to z; may be <paramref name="outputGradient"/> itself.</param>
    /// <param name="gammaGradient">Gets the gradient with respect to gamma added.</param>
    /// <param name="betaGradient">Gets the gradient with respect to beta added.</param>
    public static void Apply(FeatureMap preNorm, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Activation activation,
        FeatureMap outputGradient, FeatureMap result, Span<float> gammaGradient, Span<float> betaGradient, int threads = 1)
    {
        int c = preNorm.Channels, h = preNorm.Height, w = preNorm.Width;
        if (mean.Length != c || variance.Length != c || gamma.Length != c || beta.Length != c
            || gammaGradient.Length != c || betaGradient.Length != c)
            throw new ArgumentException($"The statistics, gamma, beta and their gradients need {c} values, one per channel.");
        if (outputGradient.Length != preNorm.Length || result.Length != preNorm.Length
            || outputGradient.Channels != c || result.Channels != c)
            throw new ArgumentException("The map, its gradient and the result differ in shape.");

        // The forward's coefficients, computed by the same expressions so the recomputed outputs have its bits.
        var scale = new float[c];
        var shift = new float[c];
        var inverseSigma = new double[c];
        for (int i = 0; i < c; i++)
        {
            scale[i] = gamma[i] / MathF.Sqrt(variance[i] + ConditionalInstanceNorm.Epsilon);
            shift[i] = beta[i] - mean[i] * scale[i];
            inverseSigma[i] = 1 / Math.Sqrt((double)variance[i] + ConditionalInstanceNorm.Epsilon);
        }
        float[] tiledScale = ChannelPattern.Tile(scale), tiledShift = ChannelPattern.Tile(shift);
        float[] meanCopy = mean.ToArray();

        // Pass 1: g = dy * act'(y) into the result, with each row's sums kept apart and added in row order after,
        // so the sums have the same bits whatever the threads.
        var rowSums = new double[h * 2 * c];
        int threadsUsed = ConditionalInstanceNorm.RowThreads(preNorm, threads);
        RowParallel.For(h, threadsUsed, y =>
        {
            ReadOnlySpan<float> z = preNorm.Row(y);
            Span<float> g = result.Row(y);
            outputGradient.Row(y).CopyTo(g);
            if (activation != Activation.None)
            {
                float[] activated = ArrayPool<float>.Shared.Rent(z.Length);
                Span<float> output = activated.AsSpan(0, z.Length);
                ConditionalInstanceNorm.ScaleShiftRow(z, output, tiledScale, tiledShift, activation);
                ActivationGradient.Apply(output, g, activation);
                ArrayPool<float>.Shared.Return(activated);
            }
            SumRow(g, z, meanCopy, inverseSigma, rowSums.AsSpan(y * 2 * c, 2 * c), w, c);
        });
        var sumG = new double[c];
        var sumGN = new double[c];
        for (int y = 0; y < h; y++)
            for (int ch = 0; ch < c; ch++)
            {
                sumG[ch] += rowSums[y * 2 * c + ch];
                sumGN[ch] += rowSums[y * 2 * c + c + ch];
            }
        double pixels = (double)h * w;
        for (int ch = 0; ch < c; ch++)
        {
            betaGradient[ch] += (float)sumG[ch];
            gammaGradient[ch] += (float)sumGN[ch];
        }

        // Pass 2: dz = gamma / sigma * (g - mean(g) - n * mean(g n)), n = (z - mean) / sigma.
        var a = new float[c];
        var meanG = new float[c];
        var meanGN = new float[c];
        var n0 = new float[c];
        var invSigma = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            a[ch] = (float)(gamma[ch] * inverseSigma[ch]);
            meanG[ch] = (float)(sumG[ch] / pixels);
            meanGN[ch] = (float)(sumGN[ch] / pixels);
            invSigma[ch] = (float)inverseSigma[ch];
            n0[ch] = meanCopy[ch];
        }
        RowParallel.For(h, threadsUsed, y => InputGradientRow(result.Row(y), preNorm.Row(y), n0, invSigma, a, meanG, meanGN, w, c));
    }

    /// <summary>
    /// One row's <c>sum g</c> (first C values of <paramref name="sums"/>) and <c>sum g n</c> (the next C), added in
    /// pixel order per channel. The vectors do each scalar step as it is written (the float difference, then widened
    /// to double), so the sums have the scalar loop's bits.
    /// </summary>
    private static unsafe void SumRow(ReadOnlySpan<float> gradient, ReadOnlySpan<float> preNorm, float[] mean, double[] inverseSigma,
        Span<double> sums, int w, int c)
    {
        fixed (float* g = gradient, z = preNorm, m = mean)
        fixed (double* s = sums, sigma = inverseSigma)
        {
            double* sn = s + c;
            for (int x = 0; x < w; x++)
            {
                float* gx = g + (long)x * c, zx = z + (long)x * c;
                int ch = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; ch <= c - Vector256<float>.Count; ch += Vector256<float>.Count)
                    {
                        var (gLow, gHigh) = Vector256.Widen(Vector256.Load(gx + ch));
                        var (dLow, dHigh) = Vector256.Widen(Vector256.Load(zx + ch) - Vector256.Load(m + ch));
                        Vector256.Store(Vector256.Load(s + ch) + gLow, s + ch);
                        Vector256.Store(Vector256.Load(s + ch + 4) + gHigh, s + ch + 4);
                        Vector256.Store(Vector256.Load(sn + ch) + gLow * (dLow * Vector256.Load(sigma + ch)), sn + ch);
                        Vector256.Store(Vector256.Load(sn + ch + 4) + gHigh * (dHigh * Vector256.Load(sigma + ch + 4)), sn + ch + 4);
                    }
                for (; ch < c; ch++)
                {
                    double gi = gx[ch];
                    s[ch] += gi;
                    sn[ch] += gi * ((zx[ch] - m[ch]) * sigma[ch]);
                }
            }
        }
    }

    /// <summary>
    /// <c>dz = a * (g - mean(g) - n * mean(g n))</c> over one row in place, <c>n = (z - mean) * invSigma</c>: each
    /// vector step as the scalar one is written (no fused multiply-add), so the bits are the scalar loop's.
    /// </summary>
    private static unsafe void InputGradientRow(Span<float> gradient, ReadOnlySpan<float> preNorm, float[] mean, float[] invSigma, float[] a,
        float[] meanG, float[] meanGN, int w, int c)
    {
        fixed (float* g = gradient, z = preNorm, m = mean, sigma = invSigma, pa = a, pg = meanG, pgn = meanGN)
        {
            for (int x = 0; x < w; x++)
            {
                float* gx = g + (long)x * c, zx = z + (long)x * c;
                int ch = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; ch <= c - Vector256<float>.Count; ch += Vector256<float>.Count)
                    {
                        var n = (Vector256.Load(zx + ch) - Vector256.Load(m + ch)) * Vector256.Load(sigma + ch);
                        var d = Vector256.Load(gx + ch) - Vector256.Load(pg + ch) - n * Vector256.Load(pgn + ch);
                        Vector256.Store(Vector256.Load(pa + ch) * d, gx + ch);
                    }
                for (; ch < c; ch++)
                {
                    float n = (zx[ch] - m[ch]) * sigma[ch];
                    gx[ch] = pa[ch] * (gx[ch] - pg[ch] - n * pgn[ch]);
                }
            }
        }
    }
}
