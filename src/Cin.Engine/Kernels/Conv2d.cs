using System.Buffers;

namespace Cin.Engine.Kernels;

/// <summary>
/// A bias-free 2-D convolution of a channels-last map with reflect padding of half the kernel, any odd kernel and
/// any stride. Padding is done by indexing, not by a padded copy: each output row's taps point straight at the
/// reflected input rows, and only the few border pixels whose taps cross the left or right edge are computed from a
/// small reflected strip. Each stretch of pixels is one <see cref="TapGemm"/> with output channels as the vector axis.
/// </summary>
public static unsafe class Conv2d
{
    public static int OutputSize(int size, int kernel, int stride) => (size + 2 * (kernel / 2) - kernel) / stride + 1;

    /// <param name="statistics">When given, gathers the output's channel statistics row by row as they are written.</param>
    /// <param name="inputNorm">
    /// When given, the input is the previous layer's output before its norm, which is applied here to the few input
    /// rows each output row reads, into a per-row scratch, as they are read.
    /// </param>
    public static FeatureMap Apply(FeatureMap input, ConvWeights weights, int stride, FeatureMap output, int threads = 1,
        ChannelStatistics.Accumulator? statistics = null, DeferredNorm? inputNorm = null)
    {
        int k = weights.Kernel, ci = input.Channels, h = input.Height, w = input.Width, pad = k / 2;
        if (ci != weights.InChannels)
            throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        int ho = OutputSize(h, k, stride), wo = OutputSize(w, k, stride);
        if (output.Height != ho || output.Width != wo || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {ho}x{wo}x{weights.OutChannels}.");

        int co = output.Channels, cop = weights.PaddedOutChannels;
        // Output pixels whose every tap lies inside the row: x*stride - pad >= 0 and x*stride - pad + k - 1 <= w - 1.
        int interiorStart = Math.Min(wo, (pad + stride - 1) / stride);
        int interiorEnd = Math.Max(interiorStart, Math.Min(wo, (w - 1 - (k - 1 - pad)) / stride + 1));
        if (inputNorm != null && inputNorm.Channels != ci)
            throw new ArgumentException($"The input norm is for {inputNorm.Channels} channels; the input has {ci}.");
        var job = new RowJob(input, weights, stride, output, interiorStart, interiorEnd, statistics, inputNorm);

        RowParallel.For(ho, threads, job.Row);
        return output;
    }

    private sealed class RowJob(FeatureMap input, ConvWeights weights, int stride, FeatureMap output, int interiorStart, int interiorEnd,
        ChannelStatistics.Accumulator? statistics, DeferredNorm? inputNorm)
    {
        public void Row(int y)
        {
            int k = weights.Kernel, ci = input.Channels, w = input.Width, pad = k / 2;
            int co = output.Channels, cop = weights.PaddedOutChannels, wo = output.Width;
            int* tapOffsets = stackalloc int[k];
            int* rows = stackalloc int[k];
            for (int ky = 0; ky < k; ky++) rows[ky] = ReflectIndex.Fold(y * stride + ky - pad, input.Height);

            // With a deferred norm, the k input rows are normalized into a scratch of k rows, and read from there.
            float[]? normalized = null;
            if (inputNorm != null)
            {
                int rowLength = w * ci;
                normalized = ArrayPool<float>.Shared.Rent(k * rowLength);
                for (int ky = 0; ky < k; ky++)
                {
                    inputNorm.ApplyTo(input.Data.AsSpan(rows[ky] * rowLength, rowLength), normalized.AsSpan(ky * rowLength, rowLength));
                    rows[ky] = ky;
                }
            }

            // A layer whose channels are not a whole number of vectors is computed into rows padded to whole vectors
            // and copied out, so the kernel never writes into a neighbouring pixel.
            bool staged = co != cop;
            float[]? stage = staged ? ArrayPool<float>.Shared.Rent(wo * cop) : null;
            int borderWidth = (Math.Max(interiorStart, wo - interiorEnd) - 1) * stride + k;
            float[] strip = ArrayPool<float>.Shared.Rent(Math.Max(1, k * borderWidth * ci));
            fixed (float* source = normalized ?? input.Data)
            fixed (float* packed = weights.Packed)
            fixed (float* result = output.Data)
            fixed (float* staging = stage)
            fixed (float* stripBase = strip)
            {
                float* outRow = result + (long)y * wo * co;
                float* target = staged ? staging : outRow;
                int targetStride = staged ? cop : co;

                // Interior: taps address the input directly; A starts at the first interior pixel's top-left tap.
                // A kernel row's k taps are k adjacent pixels, so channels-last makes them one run of k*ci floats,
                // and the packed weights ([ky][kx][ci][co]) line up with it: one tap of depth k*ci per kernel row.
                if (interiorEnd > interiorStart)
                {
                    for (int ky = 0; ky < k; ky++) tapOffsets[ky] = rows[ky] * w * ci;
                    var interior = TapGemm.Rows(source + (long)(interiorStart * stride - pad) * ci, stride * ci, tapOffsets, k, k * ci,
                        packed, cop, target + (long)interiorStart * targetStride, targetStride, interiorEnd - interiorStart);
                    TapGemm.Run(interior);
                }

                // Borders: copy the reflected columns they need into a k-row strip and run the same product on it.
                Border(0, interiorStart, source, stripBase, rows, tapOffsets, packed, target, targetStride);
                Border(interiorEnd, wo, source, stripBase, rows, tapOffsets, packed, target, targetStride);

                if (staged) TapGemm.CopyOut(staging, cop, outRow, co, co, wo);
                statistics?.Add(new ReadOnlySpan<float>(outRow, wo * co));
            }
            if (stage != null) ArrayPool<float>.Shared.Return(stage);
            if (normalized != null) ArrayPool<float>.Shared.Return(normalized);
            ArrayPool<float>.Shared.Return(strip);
        }

        private void Border(int first, int end, float* source, float* strip, int* rows, int* tapOffsets, float* packed, float* target, int targetStride)
        {
            if (end <= first) return;
            int k = weights.Kernel, ci = input.Channels, w = input.Width, pad = k / 2;
            int width = (end - first - 1) * stride + k;
            int left = first * stride - pad;
            for (int ky = 0; ky < k; ky++)
            {
                float* srcRow = source + (long)rows[ky] * w * ci;
                for (int c = 0; c < width; c++)
                {
                    int sx = ReflectIndex.Fold(left + c, w);
                    new ReadOnlySpan<float>(srcRow + sx * ci, ci).CopyTo(new Span<float>(strip + ((long)ky * width + c) * ci, ci));
                }
            }
            for (int ky = 0; ky < k; ky++) tapOffsets[ky] = ky * width * ci;
            TapGemm.Run(TapGemm.Rows(strip, stride * ci, tapOffsets, k, k * ci, packed, weights.PaddedOutChannels,
                target + (long)first * targetStride, targetStride, end - first));
        }
    }
}
