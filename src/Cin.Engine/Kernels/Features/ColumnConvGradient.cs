using System.Buffers;
using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The data gradient of a strided <see cref="PaddedConv"/> (before its activation) by columns:
/// <list type="number">
/// <item>each output pixel's gradient times the whole kernel, <c>cols[oy, ox, ky, kx, i] = sum_o dy[oy, ox, o] * W[ky, kx, i, o]</c>:
/// one GEMM (pixels by output channels, times output channels by k*k*in), run as a 1x1 <see cref="PaddedConv"/>;</item>
/// <item>each input pixel gathers the columns of the taps that read it, so input rows run in parallel without sharing
/// a cell.</item>
/// </list>
/// This multiplies exactly as many times as the forward. The turned kernel over the gradient spread with zeros
/// (<see cref="Cin.Engine.Features.PaddedConvLayer"/>'s stride-1 path) multiplies stride^2 times as many, 3/4 of them by
/// zero at stride 2, and a 3-channel result (a network's first layer) is padded to a whole vector as well.
/// </summary>
public static unsafe class ColumnConvGradient
{
    /// <summary>
    /// An HWIO kernel repacked as a 1x1 kernel from its output channels to its k*k*in taps:
    /// <c>w[o][(ky*k + kx)*in + i] = hwio[ky][kx][i][o]</c>.
    /// </summary>
    public static ConvWeights Pack(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels)
    {
        int taps = kernel * kernel * inChannels;
        if (hwio.Length != taps * outChannels) throw new ArgumentException("The kernel's size does not match its shape.", nameof(hwio));
        var columns = new float[hwio.Length];
        for (int t = 0; t < taps; t++)
            for (int o = 0; o < outChannels; o++)
                columns[o * taps + t] = hwio[t * outChannels + o];
        return ConvWeights.FromHwio(columns, 1, outChannels, taps);
    }

    /// <param name="packed">The kernel from <see cref="Pack"/>.</param>
    /// <param name="inputGradient">Written whole: its size is the forward input's.</param>
    public static FeatureMap Apply(FeatureMap outputGradient, ConvWeights packed, int kernel, int stride, ZeroPadding pad,
        FeatureMap inputGradient, int threads = 1)
    {
        int h = inputGradient.Height, w = inputGradient.Width, ci = inputGradient.Channels;
        int ho = outputGradient.Height, wo = outputGradient.Width, taps = kernel * kernel * ci;
        if (packed.Kernel != 1 || packed.InChannels != outputGradient.Channels || packed.OutChannels != taps)
            throw new ArgumentException($"The packed kernel must map {outputGradient.Channels} channels to {taps} taps.", nameof(packed));
        if (ho != pad.OutputHeight(h, kernel, stride) || wo != pad.OutputWidth(w, kernel, stride))
            throw new ArgumentException("The output gradient's size does not match the input's.", nameof(outputGradient));

        float[] buffer = ArrayPool<float>.Shared.Rent(ho * wo * taps);
        float[] zeroBias = ArrayPool<float>.Shared.Rent(taps);
        try
        {
            Array.Clear(zeroBias, 0, taps);
            var columns = new FeatureMap(ho, wo, taps, buffer);
            PaddedConv.Apply(outputGradient, packed, zeroBias.AsSpan(0, taps), 1, default, Activation.None, columns, null, threads);
            var gather = new Gather(buffer, ho, wo, kernel, stride, pad, inputGradient);
            RowParallel.For(h, threads, gather.Row);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
            ArrayPool<float>.Shared.Return(zeroBias);
        }
        return inputGradient;
    }

    private sealed class Gather(float[] columns, int ho, int wo, int kernel, int stride, ZeroPadding pad, FeatureMap dx)
    {
        public void Row(int iy)
        {
            int w = dx.Width, ci = dx.Channels, taps = kernel * kernel * ci;
            dx.Row(iy).Clear();
            fixed (float* cols = columns, result = dx.Data)
            {
                float* row = result + (long)iy * w * ci;
                for (int ky = 0; ky < kernel; ky++)
                {
                    int oyStride = iy + pad.Top - ky;
                    if (oyStride < 0 || oyStride % stride != 0 || oyStride / stride >= ho) continue;
                    float* columnRow = cols + (long)(oyStride / stride) * wo * taps + ky * kernel * ci;
                    for (int ix = 0; ix < w; ix++)
                    {
                        float* target = row + (long)ix * ci;
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int oxStride = ix + pad.Left - kx;
                            if (oxStride < 0 || oxStride % stride != 0 || oxStride / stride >= wo) continue;
                            // A first layer's three channels are too few for a vector: the loop stays inline.
                            Add(target, columnRow + (long)(oxStride / stride) * taps + kx * ci, ci);
                        }
                    }
                }
            }
        }

        private static void Add(float* target, float* source, int count)
        {
            int i = 0;
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.Store(Vector256.Load(target + i) + Vector256.Load(source + i), target + i);
            for (; i < count; i++) target[i] += source[i];
        }
    }
}
