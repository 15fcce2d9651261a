namespace Cin.Engine.Kernels;

/// <summary>
/// A bias-free 2-D convolution over an already padded channels-last map ("VALID" convolution), any kernel size and
/// stride. Each output row is one <see cref="TapGemm"/>: a row of output pixels times the packed kernel, summed over
/// the kernel's taps, with output channels as the vector axis.
/// </summary>
public static unsafe class Conv2d
{
    public static int OutputSize(int paddedSize, int kernel, int stride) => (paddedSize - kernel) / stride + 1;

    public static FeatureMap Apply(FeatureMap padded, ConvWeights weights, int stride, FeatureMap output, int threads = 1)
    {
        int k = weights.Kernel, ci = padded.Channels;
        if (ci != weights.InChannels)
            throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        int ho = OutputSize(padded.Height, k, stride), wo = OutputSize(padded.Width, k, stride);
        if (ho < 1 || wo < 1) throw new ArgumentException("The padded input is smaller than the kernel.");
        if (output.Height != ho || output.Width != wo || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {ho}x{wo}x{weights.OutChannels}.");

        int rowStride = padded.Width * ci;
        var taps = new int[k * k];
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                taps[ky * k + kx] = ky * rowStride + kx * ci;

        int co = output.Channels, cop = weights.PaddedOutChannels;
        // A layer whose channels are not a whole number of vectors is computed into a row padded to whole vectors
        // and copied out, so the kernel never writes past a pixel.
        bool staged = co != cop;

        void Row(int y)
        {
            float[]? stage = staged ? System.Buffers.ArrayPool<float>.Shared.Rent(wo * cop) : null;
            fixed (float* input = padded.Data)
            fixed (float* w = weights.Packed)
            fixed (float* result = output.Data)
            fixed (float* staging = stage)
            fixed (int* tapOffsets = taps)
            {
                float* outRow = result + (long)y * wo * co;
                var operands = new TapGemm.Operands
                {
                    A = input + (long)y * stride * rowStride,
                    Lda = stride * ci,
                    Taps = tapOffsets,
                    TapCount = taps.Length,
                    Depth = ci,
                    B = w,
                    Ldb = weights.PaddedOutChannels,
                    C = staged ? staging : outRow,
                    Ldc = staged ? cop : co,
                    Rows = wo,
                    Columns = cop,
                };
                TapGemm.Run(operands);
                if (staged)
                {
                    for (int x = 0; x < wo; x++)
                        new ReadOnlySpan<float>(staging + x * cop, co).CopyTo(new Span<float>(outRow + x * co, co));
                }
            }
            if (stage != null) System.Buffers.ArrayPool<float>.Shared.Return(stage);
        }

        if (threads <= 1 || ho == 1)
        {
            for (int y = 0; y < ho; y++) Row(y);
        }
        else
        {
            Parallel.For(0, ho, new ParallelOptions { MaxDegreeOfParallelism = threads }, Row);
        }
        return output;
    }
}
