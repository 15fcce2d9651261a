using System.Buffers;
using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The data gradient of a strided <see cref="PaddedConv"/> (before its activation) by columns:
/// <list type="number">
/// <item>each output pixel's gradient times the whole kernel, <c>cols[oy, ox, ky, kx, i] = sum_o dy[oy, ox, o] * W[ky, kx, i, o]</c>:
/// one GEMM (pixels by output channels, times output channels by k*k*in) on <see cref="TapGemm"/>, over runs of whole pixels;</item>
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
        // The taps padded to whole 16-float vectors, so the product runs on the widest ones: the stem's 147 taps would pad
        // to 152, which only 8-float vectors divide (a twentieth of a magenta 128 step on half-width products).
        return ConvWeights.FromHwio(columns, 1, outChannels, taps, taps < 16 ? ConvWeights.PadOutChannels(taps) : (taps + 15) / 16 * 16);
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

        // The columns keep the packed kernel's stride (taps rounded up to whole vectors), so the product writes them
        // straight, with no staging row copied out for a first layer's 147 taps; and there is no bias or activation
        // to apply to them.
        int co = outputGradient.Channels, stridePerPixel = packed.PaddedOutChannels;
        float[] buffer = ArrayPool<float>.Shared.Rent(ho * wo * stridePerPixel);
        try
        {
            float[] source = outputGradient.Data, weights = packed.Packed;
            RowParallel.ForRuns(ho * wo, threads, 256, (start, count) =>
            {
                fixed (float* a = source, b = weights, c = buffer)
                {
                    int tap = 0;
                    TapGemm.Run(TapGemm.Rows(a + (long)start * co, co, &tap, 1, co, b, stridePerPixel, c + (long)start * stridePerPixel,
                        stridePerPixel, count));
                }
            });
            var gather = new Gather(buffer, stridePerPixel, ho, wo, kernel, stride, pad, inputGradient);
            RowParallel.For(h, threads, gather.Row);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        return inputGradient;
    }

    /// <summary>
    /// Each input pixel's gradient is the sum of the column cells of the taps that read it: the taps whose offset
    /// from the pixel is a multiple of the stride (about k*k/stride^2 of them), summed in registers a vector of
    /// channels at a time and stored once, so the row needs no clearing and no cell is read and written per tap.
    /// Rows of few channels are built the other way round (<see cref="OverlapAdd"/>). Either way each input row is
    /// written by one thread only.
    /// </summary>
    private sealed class Gather(float[] columns, int pixelStride, int ho, int wo, int kernel, int stride, ZeroPadding pad, FeatureMap dx)
    {
        /// <summary>Channels below which (or not a multiple of which) a row is built by <see cref="OverlapAdd"/>.</summary>
        private const int MinimumGatherChannels = 8;

        public void Row(int iy)
        {
            int w = dx.Width, ci = dx.Channels;
            // The column rows this input row reads, one per kernel row that lands on an output row.
            long* rowStarts = stackalloc long[kernel];
            int rowCount = 0;
            for (int ky = (iy + pad.Top) % stride; ky < kernel; ky += stride)
            {
                int oy = iy + pad.Top - ky;
                if (oy < 0 || oy / stride >= ho) continue;
                rowStarts[rowCount++] = (long)(oy / stride) * wo * pixelStride + (long)ky * kernel * ci;
            }
            fixed (float* cols = columns, result = dx.Data)
            {
                float* row = result + (long)iy * w * ci;
                if (ci % MinimumGatherChannels != 0)
                    OverlapAdd(cols, rowStarts, rowCount, row, w, ci);
                else
                    GatherSums(cols, rowStarts, rowCount, row, w, ci);
            }
        }

        /// <summary>Each pixel of the row sums, in registers, the column cells of the taps that read it.</summary>
        private void GatherSums(float* cols, long* rowStarts, int rowCount, float* row, int w, int ci)
        {
            float** sources = stackalloc float*[kernel * kernel];
            for (int ix = 0; ix < w; ix++)
            {
                int count = 0;
                for (int kx = (ix + pad.Left) % stride; kx < kernel; kx += stride)
                {
                    int ox = ix + pad.Left - kx;
                    if (ox < 0 || ox / stride >= wo) continue;
                    long cell = (long)(ox / stride) * pixelStride + (long)kx * ci;
                    for (int r = 0; r < rowCount; r++) sources[count++] = cols + rowStarts[r] + cell;
                }
                Sum(sources, count, row + (long)ix * ci, ci);
            }
        }

        /// <summary>
        /// For few channels (a first layer's three), the row is cleared and each output pixel's kernel row of taps,
        /// k * ci contiguous floats of its columns, is added onto the k input pixels it reads: whole vectors along the
        /// row, where summing a pixel's taps would add three floats at a time.
        /// </summary>
        private void OverlapAdd(float* cols, long* rowStarts, int rowCount, float* row, int w, int ci)
        {
            new Span<float>(row, w * ci).Clear();
            for (int r = 0; r < rowCount; r++)
                for (int ox = 0; ox < wo; ox++)
                {
                    int x0 = ox * stride - pad.Left;
                    int first = Math.Max(0, -x0), end = Math.Min(kernel, w - x0);
                    if (first >= end) continue;
                    AddInto(row + (long)(x0 + first) * ci, cols + rowStarts[r] + (long)ox * pixelStride + (long)first * ci, (end - first) * ci);
                }
        }

        /// <summary><c>target[i] += source[i]</c> for <paramref name="count"/> floats.</summary>
        private static void AddInto(float* target, float* source, int count)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
                    (Vector256.Load(target + i) + Vector256.Load(source + i)).Store(target + i);
            if (Vector128.IsHardwareAccelerated)
                for (; i <= count - Vector128<float>.Count; i += Vector128<float>.Count)
                    (Vector128.Load(target + i) + Vector128.Load(source + i)).Store(target + i);
            for (; i < count; i++) target[i] += source[i];
        }

        /// <summary><c>target[c] = sum_j sources[j][c]</c> for <paramref name="channels"/> values; zeros when there are no sources.</summary>
        private static void Sum(float** sources, int count, float* target, int channels)
        {
            int c = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; c <= channels - Vector512<float>.Count; c += Vector512<float>.Count)
                {
                    var sum = Vector512<float>.Zero;
                    for (int j = 0; j < count; j++) sum += Vector512.Load(sources[j] + c);
                    sum.Store(target + c);
                }
            if (Vector256.IsHardwareAccelerated)
                for (; c <= channels - Vector256<float>.Count; c += Vector256<float>.Count)
                {
                    var sum = Vector256<float>.Zero;
                    for (int j = 0; j < count; j++) sum += Vector256.Load(sources[j] + c);
                    sum.Store(target + c);
                }
            if (Vector128.IsHardwareAccelerated)
                for (; c <= channels - Vector128<float>.Count; c += Vector128<float>.Count)
                {
                    var sum = Vector128<float>.Zero;
                    for (int j = 0; j < count; j++) sum += Vector128.Load(sources[j] + c);
                    sum.Store(target + c);
                }
            // A first layer's three channels are too few for a vector.
            for (; c < channels; c++)
            {
                float sum = 0;
                for (int j = 0; j < count; j++) sum += sources[j][c];
                target[c] = sum;
            }
        }
    }
}
