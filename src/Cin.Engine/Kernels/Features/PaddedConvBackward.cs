using Cin.Engine.Simd;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The data gradient of <see cref="PaddedConv"/> (before its activation; the caller multiplies by the activation's
/// derivative first): <c>dx[iy, ix, i] = sum dy[oy, ox, o] * W[ky, kx, i, o]</c> over the taps that read (iy, ix),
/// any stride and lopsided zero padding. Gathered per input pixel, so input rows run in parallel without sharing a
/// cell; the kernel is transposed once to [ky][kx][out][in] so the input channels are contiguous and vectorized.
/// </summary>
public static class PaddedConvBackward
{
    /// <summary>A kernel transposed from HWIO to [ky][kx][out][in] for <see cref="Apply"/>.</summary>
    public static float[] Transpose(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels)
    {
        if (hwio.Length != kernel * kernel * inChannels * outChannels) throw new ArgumentException("The kernel's size does not match its shape.", nameof(hwio));
        var t = new float[hwio.Length];
        for (int tap = 0; tap < kernel * kernel; tap++)
            for (int i = 0; i < inChannels; i++)
                for (int o = 0; o < outChannels; o++)
                    t[(tap * outChannels + o) * inChannels + i] = hwio[(tap * inChannels + i) * outChannels + o];
        return t;
    }

    public static FeatureMap Apply(FeatureMap outputGradient, float[] transposed, int kernel, int stride, ZeroPadding pad,
        FeatureMap inputGradient, int threads = 1) =>
        Apply<Simd512>(outputGradient, transposed, kernel, stride, pad, inputGradient, threads);

    internal static FeatureMap Apply<TWidest>(FeatureMap outputGradient, float[] transposed, int kernel, int stride, ZeroPadding pad,
        FeatureMap inputGradient, int threads)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int h = inputGradient.Height, w = inputGradient.Width, ci = inputGradient.Channels, co = outputGradient.Channels;
        if (transposed.Length != kernel * kernel * ci * co) throw new ArgumentException("The kernel's size does not match the maps.", nameof(transposed));
        if (outputGradient.Height != pad.OutputHeight(h, kernel, stride) || outputGradient.Width != pad.OutputWidth(w, kernel, stride))
            throw new ArgumentException("The output gradient's size does not match the input's.", nameof(outputGradient));
        RowParallel.For(h, threads, iy =>
        {
            var row = new Row(outputGradient, transposed, kernel, stride, pad, inputGradient, iy);
            SimdDispatch.RunWidest<Row, TWidest>(ref row);
        });
        return inputGradient;
    }

    private readonly struct Row(FeatureMap dy, float[] weights, int kernel, int stride, ZeroPadding pad, FeatureMap dx, int iy) : ISimdKernel
    {
        public unsafe void Run<T>() where T : unmanaged, ISimd<T>
        {
            int w = dx.Width, ci = dx.Channels, co = dy.Channels, ho = dy.Height, wo = dy.Width;
            int vectorEnd = ci - ci % T.Count;
            fixed (float* g = dy.Data, wt = weights, result = dx.Data)
            {
                for (int ix = 0; ix < w; ix++)
                {
                    float* target = result + ((long)iy * w + ix) * ci;
                    new Span<float>(target, ci).Clear();
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        int oyStride = iy + pad.Top - ky;
                        if (oyStride < 0 || oyStride % stride != 0 || oyStride / stride >= ho) continue;
                        int oy = oyStride / stride;
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int oxStride = ix + pad.Left - kx;
                            if (oxStride < 0 || oxStride % stride != 0 || oxStride / stride >= wo) continue;
                            float* gradient = g + ((long)oy * wo + oxStride / stride) * co;
                            float* tap = wt + (long)(ky * kernel + kx) * co * ci;
                            for (int o = 0; o < co; o++)
                            {
                                float* row = tap + (long)o * ci;
                                T scale = T.Broadcast(gradient[o]);
                                int i = 0;
                                for (; i < vectorEnd; i += T.Count) T.Store(T.MultiplyAdd(scale, T.Load(row + i), T.Load(target + i)), target + i);
                                for (; i < ci; i++) target[i] += gradient[o] * row[i];
                            }
                        }
                    }
                }
            }
        }
    }
}
