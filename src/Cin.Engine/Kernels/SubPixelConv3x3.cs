using System.Buffers;

namespace Cin.Engine.Kernels;

/// <summary>
/// Nearest x2 upsampling, reflect padding and a 3x3 convolution, computed on the map before upsampling as four 2x2
/// convolutions (see <see cref="SubPixelWeights"/>). The input is padded by one repeated edge pixel, which is where
/// the reflected border of the upsampled map comes from.
/// </summary>
public static unsafe class SubPixelConv3x3
{
    public static FeatureMap Apply(FeatureMap edgePadded, SubPixelWeights weights, FeatureMap output, int threads = 1)
    {
        int ci = edgePadded.Channels, h = edgePadded.Height - 2, w = edgePadded.Width - 2;
        int co = weights.OutChannels, cop = weights.PaddedOutChannels;
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != 2 * h || output.Width != 2 * w || output.Channels != co)
            throw new ArgumentException($"The output must be {2 * h}x{2 * w}x{co}.");
        int rowStride = edgePadded.Width * ci;
        int[] taps = { 0, ci, rowStride, rowStride + ci };

        void Row(int job)
        {
            int i = job >> 1, a = job & 1;
            float[] stage = ArrayPool<float>.Shared.Rent(w * cop);
            fixed (float* input = edgePadded.Data)
            fixed (float* phases = weights.Phases)
            fixed (float* result = output.Data)
            fixed (float* staging = stage)
            fixed (int* tapOffsets = taps)
            {
                for (int b = 0; b < 2; b++)
                {
                    var operands = new TapGemm.Operands
                    {
                        A = input + (long)(i + a) * rowStride + b * ci,
                        Lda = ci,
                        Taps = tapOffsets,
                        TapCount = 4,
                        Depth = ci,
                        B = phases + (long)(a * 2 + b) * 4 * ci * cop,
                        Ldb = cop,
                        C = staging,
                        Ldc = cop,
                        Rows = w,
                        Columns = cop,
                    };
                    TapGemm.Run(operands);
                    // Phase (a, b) fills every other pixel of output row 2i+a, starting at column b.
                    float* outRow = result + ((long)(2 * i + a) * 2 * w + b) * co;
                    for (int x = 0; x < w; x++)
                        new ReadOnlySpan<float>(staging + x * cop, co).CopyTo(new Span<float>(outRow + 2L * x * co, co));
                }
            }
            ArrayPool<float>.Shared.Return(stage);
        }

        int jobs = 2 * h;
        if (threads <= 1) { for (int j = 0; j < jobs; j++) Row(j); }
        else Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = threads }, Row);
        return output;
    }
}
