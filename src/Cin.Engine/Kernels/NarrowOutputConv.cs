using System.Buffers;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// A stride-1 convolution with at most four output channels, such as the final 9x9 layer to RGB. Vectorizing over
/// output channels would leave most lanes idle, so this kernel vectorizes over pixels instead: each thread keeps the
/// kernel's input rows in planar form (channel-major, reflect-padded columns) in a ring that slides down the image
/// one row at a time, and every weight is broadcast once per block of pixels.
/// </summary>
public static unsafe class NarrowOutputConv
{
    public const int MaxOutChannels = ConvAlgorithmRules.NarrowOutputMaximumChannels;
    private const int VectorsPerBlock = 3;
    // Three outputs (the usual RGB layer) leave room in the registers for a fourth vector of pixels.
    private const int VectorsPerRgbBlock = 4;

    /// <param name="statistics">When given, gathers the output's channel statistics row by row as they are written.</param>
    public static FeatureMap Apply(FeatureMap input, ConvWeights weights, FeatureMap output, int threads = 1,
        ChannelStatistics.Accumulator? statistics = null)
    {
        if (weights.OutChannels > MaxOutChannels || weights.PaddedOutChannels != MaxOutChannels)
            throw new ArgumentException($"This kernel computes at most {MaxOutChannels} output channels.");
        if (output.Height != input.Height || output.Width != input.Width || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {input.Height}x{input.Width}x{weights.OutChannels}.");
        // Pixels are the vector axis, so any width serves; the row's tail is covered by the ring's slack.
        var kernel = new Kernel(input, weights, output, threads, statistics);
        SimdDispatch.RunWidest(ref kernel);
        return output;
    }

    private readonly struct Kernel(FeatureMap input, ConvWeights weights, FeatureMap output, int threads,
        ChannelStatistics.Accumulator? statistics) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => Apply<T>(input, weights, output, threads, statistics);
    }

    /// <summary>The same on one strategy, checked by the caller.</summary>
    internal static void Apply<T>(FeatureMap input, ConvWeights weights, FeatureMap output, int threads,
        ChannelStatistics.Accumulator? statistics)
        where T : unmanaged, ISimd<T>
    {
        int h = input.Height;
        int bands = Math.Max(1, Math.Min(threads, h));
        RowParallel.For(bands, threads, band =>
        {
            int y0 = (int)((long)h * band / bands), y1 = (int)((long)h * (band + 1) / bands);
            RunBand<T>(input, weights, output, y0, y1, statistics);
        });
    }

    private static void RunBand<T>(FeatureMap input, ConvWeights weights, FeatureMap output, int y0, int y1,
        ChannelStatistics.Accumulator? statistics)
        where T : unmanaged, ISimd<T>
    {
        int k = weights.Kernel, pad = k / 2, ci = input.Channels, w = input.Width, h = input.Height, co = output.Channels;
        bool rgb = co == 3;
        int block = (rgb ? VectorsPerRgbBlock : VectorsPerBlock) * T.Count;
        // Planar row: ci lines of the padded width, plus slack so the last block's vector loads stay in bounds.
        int lineLength = w + 2 * pad + block;
        int rowLength = ci * lineLength;
        float[] ring = ArrayPool<float>.Shared.Rent(k * rowLength);
        float[] staging = ArrayPool<float>.Shared.Rent(MaxOutChannels * block);
        Array.Clear(ring, 0, k * rowLength);
        fixed (float* ringBase = ring)
        fixed (float* stage = staging)
        fixed (float* src = input.Data)
        fixed (float* packed = weights.Packed)
        fixed (float* dst = output.Data)
        {
            // Virtual row v (0 .. h + 2 pad) is input row Fold(v - pad) and lives in ring slot v mod k.
            for (int v = y0; v < y0 + k - 1; v++) Planarize(src, ci, w, h, pad, lineLength, ReflectIndex.Fold(v - pad, h), ringBase + (v % k) * rowLength);
            float** rows = stackalloc float*[k];
            for (int y = y0; y < y1; y++)
            {
                // A band is a thread's whole share of the layer. (A cancelled band's pooled buffers are left to the collector.)
                RowParallel.ThrowIfCancellationRequested();
                int newest = y + k - 1;
                Planarize(src, ci, w, h, pad, lineLength, ReflectIndex.Fold(newest - pad, h), ringBase + (newest % k) * rowLength);
                for (int ky = 0; ky < k; ky++) rows[ky] = ringBase + ((y + ky) % k) * rowLength;
                float* outRow = dst + (long)y * w * co;
                for (int x = 0; x < w; x += block)
                {
                    if (rgb) RgbBlock<T>(rows, k, ci, lineLength, packed, x, stage);
                    else Block<T>(rows, k, ci, lineLength, packed, x, stage);
                    int count = Math.Min(block, w - x);
                    for (int p = 0; p < count; p++)
                        for (int oc = 0; oc < co; oc++)
                            outRow[(long)(x + p) * co + oc] = stage[oc * block + p];
                }
                statistics?.Add(new ReadOnlySpan<float>(outRow, w * co));
            }
        }
        ArrayPool<float>.Shared.Return(ring);
        ArrayPool<float>.Shared.Return(staging);
    }

    private static void Planarize(float* src, int ci, int w, int h, int pad, int lineLength, int row, float* planar)
    {
        float* source = src + (long)row * w * ci;
        for (int x = 0; x < w + 2 * pad; x++)
        {
            float* pixel = source + ReflectIndex.Fold(x - pad, w) * ci;
            for (int c = 0; c < ci; c++) planar[c * lineLength + x] = pixel[c];
        }
    }

    private static void Block<T>(float** rows, int k, int ci, int lineLength, float* packed, int x, float* stage)
        where T : unmanaged, ISimd<T>
    {
        int lanes = T.Count;
        T a00 = T.Zero, a01 = T.Zero, a02 = T.Zero, a10 = T.Zero, a11 = T.Zero, a12 = T.Zero;
        T a20 = T.Zero, a21 = T.Zero, a22 = T.Zero, a30 = T.Zero, a31 = T.Zero, a32 = T.Zero;
        float* wk = packed;
        for (int ky = 0; ky < k; ky++)
        {
            float* row = rows[ky] + x;
            for (int kx = 0; kx < k; kx++)
            {
                float* line = row + kx;
                for (int c = 0; c < ci; c++, line += lineLength, wk += MaxOutChannels)
                {
                    T i0 = T.Load(line), i1 = T.Load(line + lanes), i2 = T.Load(line + 2 * lanes);
                    T w0 = T.Broadcast(wk[0]);
                    a00 = T.MultiplyAdd(i0, w0, a00); a01 = T.MultiplyAdd(i1, w0, a01); a02 = T.MultiplyAdd(i2, w0, a02);
                    T w1 = T.Broadcast(wk[1]);
                    a10 = T.MultiplyAdd(i0, w1, a10); a11 = T.MultiplyAdd(i1, w1, a11); a12 = T.MultiplyAdd(i2, w1, a12);
                    T w2 = T.Broadcast(wk[2]);
                    a20 = T.MultiplyAdd(i0, w2, a20); a21 = T.MultiplyAdd(i1, w2, a21); a22 = T.MultiplyAdd(i2, w2, a22);
                    T w3 = T.Broadcast(wk[3]);
                    a30 = T.MultiplyAdd(i0, w3, a30); a31 = T.MultiplyAdd(i1, w3, a31); a32 = T.MultiplyAdd(i2, w3, a32);
                }
            }
        }
        int block = VectorsPerBlock * lanes;
        T.Store(a00, stage); T.Store(a01, stage + lanes); T.Store(a02, stage + 2 * lanes);
        T.Store(a10, stage + block); T.Store(a11, stage + block + lanes); T.Store(a12, stage + block + 2 * lanes);
        T.Store(a20, stage + 2 * block); T.Store(a21, stage + 2 * block + lanes); T.Store(a22, stage + 2 * block + 2 * lanes);
        T.Store(a30, stage + 3 * block); T.Store(a31, stage + 3 * block + lanes); T.Store(a32, stage + 3 * block + 2 * lanes);
    }

    private static void RgbBlock<T>(float** rows, int k, int ci, int lineLength, float* packed, int x, float* stage)
        where T : unmanaged, ISimd<T>
    {
        int lanes = T.Count;
        T a00 = T.Zero, a01 = T.Zero, a02 = T.Zero, a03 = T.Zero, a10 = T.Zero, a11 = T.Zero;
        T a12 = T.Zero, a13 = T.Zero, a20 = T.Zero, a21 = T.Zero, a22 = T.Zero, a23 = T.Zero;
        float* wk = packed;
        for (int ky = 0; ky < k; ky++)
        {
            float* row = rows[ky] + x;
            for (int kx = 0; kx < k; kx++)
            {
                float* line = row + kx;
                for (int c = 0; c < ci; c++, line += lineLength, wk += MaxOutChannels)
                {
                    // Weights first, then one pixel vector at a time: 12 accumulators, 3 weights and 1 input fit
                    // AVX2's 16 registers, where 4 inputs held at once would not.
                    T w0 = T.Broadcast(wk[0]), w1 = T.Broadcast(wk[1]), w2 = T.Broadcast(wk[2]);
                    T i0 = T.Load(line);
                    a00 = T.MultiplyAdd(i0, w0, a00); a10 = T.MultiplyAdd(i0, w1, a10); a20 = T.MultiplyAdd(i0, w2, a20);
                    T i1 = T.Load(line + lanes);
                    a01 = T.MultiplyAdd(i1, w0, a01); a11 = T.MultiplyAdd(i1, w1, a11); a21 = T.MultiplyAdd(i1, w2, a21);
                    T i2 = T.Load(line + 2 * lanes);
                    a02 = T.MultiplyAdd(i2, w0, a02); a12 = T.MultiplyAdd(i2, w1, a12); a22 = T.MultiplyAdd(i2, w2, a22);
                    T i3 = T.Load(line + 3 * lanes);
                    a03 = T.MultiplyAdd(i3, w0, a03); a13 = T.MultiplyAdd(i3, w1, a13); a23 = T.MultiplyAdd(i3, w2, a23);
                }
            }
        }
        int block = VectorsPerRgbBlock * lanes;
        T.Store(a00, stage); T.Store(a01, stage + lanes); T.Store(a02, stage + 2 * lanes); T.Store(a03, stage + 3 * lanes);
        float* s1 = stage + block;
        T.Store(a10, s1); T.Store(a11, s1 + lanes); T.Store(a12, s1 + 2 * lanes); T.Store(a13, s1 + 3 * lanes);
        float* s2 = stage + 2 * block;
        T.Store(a20, s2); T.Store(a21, s2 + lanes); T.Store(a22, s2 + 2 * lanes); T.Store(a23, s2 + 3 * lanes);
    }
}
