using System.Buffers;
using Cin.Engine.Kernels;

namespace Cin.Engine.Learning;

/// <summary>
/// The Gram matrix of a feature map, the statistic the style loss compares: G[i,j] = (1/N) sum over the N positions of
/// F[p,i] * F[p,j], as <c>training/cin_train/losses.py</c>'s <c>gram</c>; and its backward. Both are matrix products
/// on <see cref="TapGemm"/>, which keeps a block of results in registers: the Gram, block by block of positions,
/// F_block^T F_block (the block transposed once, so each channel's values are one row of A); the backward, F D.
/// (Rank-1 updates of the C x C result, one per position, loaded and stored the result on every multiply-add.)
/// </summary>
public static class GramMatrix
{
    /// <summary>Positions summed in float before the block is added into the double result: short sums keep float's error small.</summary>
    private const int Block = 64;

    /// <summary>Writes the C x C Gram of <paramref name="features"/> into <paramref name="gram"/> (row-major).</summary>
    public static void Compute(FeatureMap features, Span<double> gram, int threads = 1)
    {
        int c = features.Channels, n = features.Pixels;
        if (gram.Length != c * c) throw new ArgumentException($"The Gram of {c} channels has {c * c} entries.", nameof(gram));
        int parts = Math.Clamp(Math.Min(threads, n / Block), 1, 64);
        // Every buffer is rented: a layer3 Gram is 256 x 256 doubles, half a megabyte, and new arrays of that size
        // each step went to the large-object heap and brought full collections (3.6 ms a layer3 Gram at a 128 px crop).
        var partials = new double[parts][];
        float[] data = features.Data;
        RowParallel.For(parts, parts, part =>
        {
            double[] sum = ArrayPool<double>.Shared.Rent(c * c);
            Array.Clear(sum, 0, c * c);
            float[] block = ArrayPool<float>.Shared.Rent(c * c);
            float[] transposed = ArrayPool<float>.Shared.Rent(c * Block);
            int start = (int)((long)n * part / parts), end = (int)((long)n * (part + 1) / parts);
            for (int p0 = start; p0 < end; p0 += Block)
            {
                int count = Math.Min(end, p0 + Block) - p0;
                AddBlock(data, c, p0, count, transposed, block);
                for (int i = 0; i < c * c; i++) sum[i] += block[i];
            }
            ArrayPool<float>.Shared.Return(block);
            ArrayPool<float>.Shared.Return(transposed);
            partials[part] = sum;
        });
        gram.Clear();
        foreach (var partial in partials)
        {
            for (int i = 0; i < gram.Length; i++) gram[i] += partial[i];
            ArrayPool<double>.Shared.Return(partial);
        }
        double scale = 1.0 / n;
        for (int i = 0; i < gram.Length; i++) gram[i] *= scale;
    }

    /// <summary>block = F[p0..p0+count)^T F[p0..p0+count): the positions' channels transposed into rows, then one product.</summary>
    private static unsafe void AddBlock(float[] data, int c, int p0, int count, float[] transposed, float[] block)
    {
        for (int q = 0; q < count; q++)
        {
            int from = (p0 + q) * c;
            for (int i = 0; i < c; i++) transposed[i * Block + q] = data[from + i];
        }
        fixed (float* t = transposed, f = data, g = block)
        {
            int tap = 0;
            TapGemm.Run(TapGemm.Rows(t, Block, &tap, 1, count, f + (long)p0 * c, c, g, c, c));
        }
    }

    /// <summary>
    /// The gradient with respect to the features of a loss whose gradient with respect to the Gram is the symmetric
    /// C x C matrix <paramref name="gramGradient"/>: dF[p,:] = (2/N) * sum_j F[p,j] * D[j,:], written into
    /// <paramref name="featureGradient"/> (same shape as the features).
    /// </summary>
    public static unsafe void Backward(FeatureMap features, ReadOnlySpan<float> gramGradient, FeatureMap featureGradient, int threads = 1)
    {
        int c = features.Channels, n = features.Pixels;
        if (gramGradient.Length != c * c) throw new ArgumentException($"The Gram of {c} channels has {c * c} entries.", nameof(gramGradient));
        if (featureGradient.Length != features.Length) throw new ArgumentException("The gradient map differs from the features in size.", nameof(featureGradient));
        // The 2/N goes into D once, not onto every product (D rented, as the Gram's buffers are).
        float[] d = ArrayPool<float>.Shared.Rent(c * c);
        float scale = 2f / n;
        for (int i = 0; i < c * c; i++) d[i] = gramGradient[i] * scale;
        float[] f = features.Data, g = featureGradient.Data;
        // One product per thread over a run of whole pixels: row by row, a product's rows would be a map's width, and a
        // large share of them would fall in the kernel's narrow tail blocks.
        RowParallel.ForRuns(n, threads, 256, (start, count) =>
        {
            fixed (float* fp = f, dp = d, gp = g)
            {
                int tap = 0;
                long at = (long)start * c;
                TapGemm.Run(TapGemm.Rows(fp + at, c, &tap, 1, c, dp, c, gp + at, c, count));
            }
        });
        ArrayPool<float>.Shared.Return(d);
    }
}
