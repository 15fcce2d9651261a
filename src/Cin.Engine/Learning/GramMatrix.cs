using Cin.Engine.Kernels;
using Cin.Engine.Simd;

namespace Cin.Engine.Learning;

/// <summary>
/// The Gram matrix of a feature map, the statistic the style loss compares: G[i,j] = (1/N) sum over the N positions of
/// F[p,i] * F[p,j], as <c>training/cin_train/losses.py</c>'s <c>gram</c>; and its backward. Both are one pass of
/// rank-1 updates over the positions, vectorized along a row of C channels.
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
        var partials = new double[parts][];
        float[] data = features.Data;
        RowParallel.For(parts, parts, part =>
        {
            var sum = new double[c * c];
            var block = new float[c * c];
            int start = (int)((long)n * part / parts), end = (int)((long)n * (part + 1) / parts);
            for (int p0 = start; p0 < end; p0 += Block)
            {
                Array.Clear(block);
                var kernel = new Accumulate(data, c, p0, Math.Min(end, p0 + Block), block);
                SimdDispatch.Run(c, ref kernel);
                for (int i = 0; i < block.Length; i++) sum[i] += block[i];
            }
            partials[part] = sum;
        });
        gram.Clear();
        foreach (var partial in partials)
            for (int i = 0; i < gram.Length; i++) gram[i] += partial[i];
        double scale = 1.0 / n;
        for (int i = 0; i < gram.Length; i++) gram[i] *= scale;
    }

    /// <summary>
    /// The gradient with respect to the features of a loss whose gradient with respect to the Gram is the symmetric
    /// C x C matrix <paramref name="gramGradient"/>: dF[p,:] = (2/N) * sum_j F[p,j] * D[j,:], written into
    /// <paramref name="featureGradient"/> (same shape as the features).
    /// </summary>
    public static void Backward(FeatureMap features, ReadOnlySpan<float> gramGradient, FeatureMap featureGradient, int threads = 1)
    {
        int c = features.Channels, n = features.Pixels;
        if (gramGradient.Length != c * c) throw new ArgumentException($"The Gram of {c} channels has {c * c} entries.", nameof(gramGradient));
        if (featureGradient.Length != features.Length) throw new ArgumentException("The gradient map differs from the features in size.", nameof(featureGradient));
        float[] d = gramGradient.ToArray();
        float scale = 2f / n;
        float[] f = features.Data, g = featureGradient.Data;
        RowParallel.For(features.Height, threads, y =>
        {
            var kernel = new Project(f, d, g, c, scale, y * features.Width, (y + 1) * features.Width);
            SimdDispatch.Run(c, ref kernel);
        });
    }

    /// <summary>block[i,:] += F[p,i] * F[p,:] for the positions [start, end); all i, the full square (symmetric).</summary>
    private readonly ref struct Accumulate(float[] data, int channels, int start, int end, float[] block) : ISimdKernel
    {
        private readonly float[] _data = data, _block = block;

        public unsafe void Run<T>() where T : unmanaged, ISimd<T>
        {
            int c = channels;
            fixed (float* f = _data, g = _block)
            {
                for (int p = start; p < end; p++)
                {
                    float* row = f + (long)p * c;
                    for (int i = 0; i < c; i++)
                    {
                        float a = row[i];
                        if (a == 0) continue; // after a ReLU, about half the entries are zero
                        var va = T.Broadcast(a);
                        float* gi = g + i * c;
                        for (int j = 0; j < c; j += T.Count)
                            T.Store(T.MultiplyAdd(va, T.Load(row + j), T.Load(gi + j)), gi + j);
                    }
                }
            }
        }
    }

    /// <summary>grad[p,:] = scale * sum_j F[p,j] * D[j,:] for the positions [start, end).</summary>
    private readonly ref struct Project(float[] features, float[] d, float[] gradient, int channels, float scale, int start, int end) : ISimdKernel
    {
        private readonly float[] _f = features, _d = d, _g = gradient;

        public unsafe void Run<T>() where T : unmanaged, ISimd<T>
        {
            int c = channels;
            var vs = T.Broadcast(scale);
            fixed (float* f = _f, dd = _d, g = _g)
            {
                for (int p = start; p < end; p++)
                {
                    float* row = f + (long)p * c, outRow = g + (long)p * c;
                    for (int j = 0; j < c; j += T.Count) T.Store(T.Zero, outRow + j);
                    for (int i = 0; i < c; i++)
                    {
                        float a = row[i];
                        if (a == 0) continue;
                        var va = T.Broadcast(a);
                        float* di = dd + i * c;
                        for (int j = 0; j < c; j += T.Count)
                            T.Store(T.MultiplyAdd(va, T.Load(di + j), T.Load(outRow + j)), outRow + j);
                    }
                    for (int j = 0; j < c; j += T.Count) T.Store(T.Multiply(vs, T.Load(outRow + j)), outRow + j);
                }
            }
        }
    }
}
