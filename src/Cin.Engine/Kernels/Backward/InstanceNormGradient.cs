using System.Buffers;

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
            Span<double> sums = rowSums.AsSpan(y * 2 * c, 2 * c);
            for (int x = 0, i = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++, i++)
                {
                    double gi = g[i];
                    sums[ch] += gi;
                    sums[c + ch] += gi * ((z[i] - meanCopy[ch]) * inverseSigma[ch]);
                }
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
        RowParallel.For(h, threadsUsed, y =>
        {
            ReadOnlySpan<float> z = preNorm.Row(y);
            Span<float> g = result.Row(y);
            for (int x = 0, i = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++, i++)
                {
                    float n = (z[i] - n0[ch]) * invSigma[ch];
                    g[i] = a[ch] * (g[i] - meanG[ch] - n * meanGN[ch]);
                }
        });
    }
}
