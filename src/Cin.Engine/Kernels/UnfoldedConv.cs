using System.Buffers;

namespace Cin.Engine.Kernels;

/// <summary>
/// A convolution over few input channels, such as the first 9x9 layer on RGB. With 3 channels the tap GEMM's inner
/// loop would run 3 steps per tap; instead each row is first unfolded along x, so every output pixel holds its k
/// reflected neighbours' channels side by side (k * channels values), and the convolution becomes k taps (one per
/// kernel row) of depth k * channels over the unfolded rows. The packed weights [ky][kx][in][out] are already in
/// that order.
/// </summary>
public static unsafe class UnfoldedConv
{
    public static FeatureMap Apply(FeatureMap input, ConvWeights weights, int stride, FeatureMap output, int threads = 1)
    {
        int k = weights.Kernel, pad = k / 2, ci = input.Channels, h = input.Height, w = input.Width;
        int ho = Conv2d.OutputSize(h, k, stride), wo = Conv2d.OutputSize(w, k, stride);
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != ho || output.Width != wo || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {ho}x{wo}x{weights.OutChannels}.");
        int depth = k * ci, co = output.Channels, cop = weights.PaddedOutChannels;

        // Unfolded input rows: every input row, at the output's column positions.
        var unfolded = FeatureMap.Uninitialized(h, wo, depth);
        void Unfold(int y)
        {
            ReadOnlySpan<float> src = input.Row(y);
            Span<float> dst = unfolded.Row(y);
            for (int x = 0; x < wo; x++)
            {
                int left = x * stride - pad;
                if (left >= 0 && left + k <= w)
                {
                    // Inside the row the k neighbours are already side by side.
                    src.Slice(left * ci, depth).CopyTo(dst.Slice(x * depth, depth));
                    continue;
                }
                for (int kx = 0; kx < k; kx++)
                    src.Slice(ReflectIndex.Fold(left + kx, w) * ci, ci).CopyTo(dst.Slice(x * depth + kx * ci, ci));
            }
        }

        void Row(int y)
        {
            int* taps = stackalloc int[k];
            for (int ky = 0; ky < k; ky++) taps[ky] = ReflectIndex.Fold(y * stride - pad + ky, h) * wo * depth;
            bool staged = co != cop;
            float[]? stage = staged ? ArrayPool<float>.Shared.Rent(wo * cop) : null;
            fixed (float* a = unfolded.Data)
            fixed (float* b = weights.Packed)
            fixed (float* result = output.Data)
            fixed (float* staging = stage)
            {
                float* outRow = result + (long)y * wo * co;
                TapGemm.Run(new TapGemm.Operands
                {
                    A = a, Lda = depth, Taps = taps, TapCount = k, Depth = depth,
                    B = b, Ldb = cop, C = staged ? staging : outRow, Ldc = staged ? cop : co, Rows = wo, Columns = cop,
                });
                if (staged)
                    for (int x = 0; x < wo; x++)
                        new ReadOnlySpan<float>(staging + (long)x * cop, co).CopyTo(new Span<float>(outRow + (long)x * co, co));
            }
            if (stage != null) ArrayPool<float>.Shared.Return(stage);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        if (threads <= 1) { for (int y = 0; y < h; y++) Unfold(y); for (int y = 0; y < ho; y++) Row(y); }
        else { Parallel.For(0, h, parallel, Unfold); Parallel.For(0, ho, parallel, Row); }
        return output;
    }
}
