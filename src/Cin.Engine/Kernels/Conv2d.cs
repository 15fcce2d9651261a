using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cin.Engine.Kernels;

/// <summary>
/// A bias-free 2-D convolution over an already padded channels-last map ("VALID" convolution).
/// Each output pixel's channels are computed as vectors: an input value is broadcast and multiplied into a vector of
/// output-channel weights, which is why <see cref="ConvWeights"/> keeps the output channel innermost. Eight output
/// pixels share every weight load.
/// </summary>
public static unsafe class Conv2d
{
    private const int PixelBlock = 8;

    public static int OutputSize(int paddedSize, int kernel, int stride) => (paddedSize - kernel) / stride + 1;

    public static FeatureMap Apply(FeatureMap padded, ConvWeights weights, int stride, FeatureMap output, int threads = 1)
    {
        int k = weights.Kernel;
        if (padded.Channels != weights.InChannels)
            throw new ArgumentException($"The input has {padded.Channels} channels; the kernel expects {weights.InChannels}.");
        int ho = OutputSize(padded.Height, k, stride), wo = OutputSize(padded.Width, k, stride);
        if (ho < 1 || wo < 1) throw new ArgumentException("The padded input is smaller than the kernel.");
        if (output.Height != ho || output.Width != wo || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {ho}x{wo}x{weights.OutChannels}.");

        int lanes = Vector256.IsHardwareAccelerated && weights.PaddedOutChannels % 8 == 0 ? 8
            : Vector128.IsHardwareAccelerated ? 4 : 1;
        var job = new Job(padded, weights, stride, output, lanes);
        if (threads <= 1 || ho == 1)
        {
            for (int y = 0; y < ho; y++) job.Row(y);
        }
        else
        {
            Parallel.For(0, ho, new ParallelOptions { MaxDegreeOfParallelism = threads }, job.Row);
        }
        return output;
    }

    private sealed class Job(FeatureMap input, ConvWeights weights, int stride, FeatureMap output, int lanes)
    {
        public void Row(int y)
        {
            int ci = input.Channels, wp = input.Width, k = weights.Kernel;
            fixed (float* inBase = input.Data)
            fixed (float* w = weights.Packed)
            fixed (float* outBase = output.Data)
            {
                float* inRow = inBase + (long)y * stride * wp * ci;
                float* outRow = outBase + (long)y * output.Width * output.Channels;
                var shape = new Shape(wp * ci, ci, k, weights.PaddedOutChannels, output.Channels, stride);
                switch (lanes)
                {
                    case 8: RowVector256(inRow, w, outRow, output.Width, shape); break;
                    case 4: RowVector128(inRow, w, outRow, output.Width, shape); break;
                    default: RowScalar(inRow, w, outRow, output.Width, shape); break;
                }
            }
        }
    }

    private readonly record struct Shape(int InRowStride, int InChannels, int Kernel, int WeightStride, int OutChannels, int Stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, acc) : a * b + acc;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, acc) : a * b + acc;

    private static void RowVector256(float* inRow, float* w, float* outRow, int wo, Shape s)
    {
        int ci = s.InChannels, k = s.Kernel, cop = s.WeightStride, step = s.Stride * ci;
        for (int cb = 0; cb < cop; cb += 8)
        {
            int x = 0;
            for (; x + PixelBlock <= wo; x += PixelBlock)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                Vector256<float> a4 = default, a5 = default, a6 = default, a7 = default;
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        float* p = inRow + (long)ky * s.InRowStride + (x * s.Stride + kx) * ci;
                        float* wk = w + ((ky * k + kx) * ci) * cop + cb;
                        for (int ic = 0; ic < ci; ic++, p++, wk += cop)
                        {
                            Vector256<float> wv = Vector256.Load(wk);
                            a0 = MulAdd(Vector256.Create(p[0]), wv, a0);
                            a1 = MulAdd(Vector256.Create(p[step]), wv, a1);
                            a2 = MulAdd(Vector256.Create(p[2 * step]), wv, a2);
                            a3 = MulAdd(Vector256.Create(p[3 * step]), wv, a3);
                            a4 = MulAdd(Vector256.Create(p[4 * step]), wv, a4);
                            a5 = MulAdd(Vector256.Create(p[5 * step]), wv, a5);
                            a6 = MulAdd(Vector256.Create(p[6 * step]), wv, a6);
                            a7 = MulAdd(Vector256.Create(p[7 * step]), wv, a7);
                        }
                    }
                }
                float* o = outRow + x * s.OutChannels + cb;
                Store(a0, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a1, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a2, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a3, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a4, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a5, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a6, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a7, o, s.OutChannels - cb);
            }
            for (; x < wo; x++)
            {
                Vector256<float> a = default;
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        float* p = inRow + (long)ky * s.InRowStride + (x * s.Stride + kx) * ci;
                        float* wk = w + ((ky * k + kx) * ci) * cop + cb;
                        for (int ic = 0; ic < ci; ic++, wk += cop)
                            a = MulAdd(Vector256.Create(p[ic]), Vector256.Load(wk), a);
                    }
                }
                Store(a, outRow + x * s.OutChannels + cb, s.OutChannels - cb);
            }
        }
    }

    private static void RowVector128(float* inRow, float* w, float* outRow, int wo, Shape s)
    {
        int ci = s.InChannels, k = s.Kernel, cop = s.WeightStride, step = s.Stride * ci;
        for (int cb = 0; cb < cop; cb += 4)
        {
            int x = 0;
            for (; x + PixelBlock <= wo; x += PixelBlock)
            {
                Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
                Vector128<float> a4 = default, a5 = default, a6 = default, a7 = default;
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        float* p = inRow + (long)ky * s.InRowStride + (x * s.Stride + kx) * ci;
                        float* wk = w + ((ky * k + kx) * ci) * cop + cb;
                        for (int ic = 0; ic < ci; ic++, p++, wk += cop)
                        {
                            Vector128<float> wv = Vector128.Load(wk);
                            a0 = MulAdd(Vector128.Create(p[0]), wv, a0);
                            a1 = MulAdd(Vector128.Create(p[step]), wv, a1);
                            a2 = MulAdd(Vector128.Create(p[2 * step]), wv, a2);
                            a3 = MulAdd(Vector128.Create(p[3 * step]), wv, a3);
                            a4 = MulAdd(Vector128.Create(p[4 * step]), wv, a4);
                            a5 = MulAdd(Vector128.Create(p[5 * step]), wv, a5);
                            a6 = MulAdd(Vector128.Create(p[6 * step]), wv, a6);
                            a7 = MulAdd(Vector128.Create(p[7 * step]), wv, a7);
                        }
                    }
                }
                float* o = outRow + x * s.OutChannels + cb;
                Store(a0, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a1, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a2, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a3, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a4, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a5, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a6, o, s.OutChannels - cb); o += s.OutChannels;
                Store(a7, o, s.OutChannels - cb);
            }
            for (; x < wo; x++)
            {
                Vector128<float> a = default;
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        float* p = inRow + (long)ky * s.InRowStride + (x * s.Stride + kx) * ci;
                        float* wk = w + ((ky * k + kx) * ci) * cop + cb;
                        for (int ic = 0; ic < ci; ic++, wk += cop)
                            a = MulAdd(Vector128.Create(p[ic]), Vector128.Load(wk), a);
                    }
                }
                Store(a, outRow + x * s.OutChannels + cb, s.OutChannels - cb);
            }
        }
    }

    private static void RowScalar(float* inRow, float* w, float* outRow, int wo, Shape s)
    {
        int ci = s.InChannels, k = s.Kernel, cop = s.WeightStride;
        for (int x = 0; x < wo; x++)
        {
            for (int oc = 0; oc < s.OutChannels; oc++)
            {
                float acc = 0;
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        float* p = inRow + (long)ky * s.InRowStride + (x * s.Stride + kx) * ci;
                        float* wk = w + ((ky * k + kx) * ci) * cop + oc;
                        for (int ic = 0; ic < ci; ic++)
                            acc += p[ic] * wk[ic * cop];
                    }
                }
                outRow[x * s.OutChannels + oc] = acc;
            }
        }
    }

    // The last block of a layer whose width is not a multiple of the lanes stores only the real channels, so a
    // thread never writes into the next pixel, which may belong to another thread's row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, float* o, int remaining)
    {
        if (remaining >= 8) { v.Store(o); return; }
        for (int i = 0; i < remaining; i++) o[i] = v.GetElement(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<float> v, float* o, int remaining)
    {
        if (remaining >= 4) { v.Store(o); return; }
        for (int i = 0; i < remaining; i++) o[i] = v.GetElement(i);
    }
}
