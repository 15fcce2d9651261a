using System.Buffers;

namespace Cin.Engine.Kernels;

/// <summary>
/// Nearest x2 upsampling, reflect padding and a 3x3 convolution, computed on the map before upsampling as four 2x2
/// convolutions (see <see cref="SubPixelWeights"/>). The reflected border of the upsampled map is the small map's
/// edge pixel repeated, so taps are clamped to the map by indexing, with no padded copy: interior pixels use fixed
/// tap offsets, and the one pixel per row and phase whose taps cross the edge gets offsets that both point at the
/// edge column.
/// </summary>
public static unsafe class SubPixelConv3x3
{
    /// <param name="statistics">When given, gathers the output's channel statistics row by row as they are written.</param>
    public static FeatureMap Apply(FeatureMap input, SubPixelWeights weights, FeatureMap output, int threads = 1,
        ChannelStatistics.Accumulator? statistics = null)
    {
        int ci = input.Channels, h = input.Height, w = input.Width;
        int co = weights.OutChannels, cop = weights.PaddedOutChannels;
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != 2 * h || output.Width != 2 * w || output.Channels != co)
            throw new ArgumentException($"The output must be {2 * h}x{2 * w}x{co}.");
        int rowStride = w * ci;

        void Row(int job)
        {
            int i = job >> 1, a = job & 1;
            // Phase a reads source rows i + a - 1 and i + a, clamped.
            long top = (long)Math.Clamp(i + a - 1, 0, h - 1) * rowStride, bottom = (long)Math.Clamp(i + a, 0, h - 1) * rowStride;
            float[] stage = ArrayPool<float>.Shared.Rent(w * cop);
            int* taps = stackalloc int[4];
            fixed (float* source = input.Data)
            fixed (float* phases = weights.Phases)
            fixed (float* result = output.Data)
            fixed (float* staging = stage)
            {
                for (int b = 0; b < 2; b++)
                {
                    float* phase = phases + (long)(a * 2 + b) * 4 * ci * cop;
                    // Phase (a, b) fills every other pixel of output row 2i+a, starting at column b: straight into the
                    // map when the channels are whole vectors, else through a staging row padded to them.
                    float* outRow = result + ((long)(2 * i + a) * 2 * w + b) * co;
                    bool direct = co == cop;
                    float* target = direct ? outRow : staging;
                    int targetStride = direct ? 2 * co : cop;
                    // Phase b reads source columns j + b - 1 and j + b; only j = 0 (b = 0) or j = w - 1 (b = 1) leaves the map.
                    int edge = b == 0 ? 0 : w - 1;
                    int interiorStart = b == 0 ? 1 : 0, interiorEnd = b == 0 ? w : w - 1;
                    if (interiorEnd > interiorStart)
                    {
                        // Left and right taps are adjacent pixels, and their weights adjacent blocks: one tap of
                        // depth 2*ci per source row.
                        taps[0] = (int)top; taps[1] = (int)bottom;
                        TapGemm.Run(TapGemm.Rows(source + (long)(interiorStart + b - 1) * ci, ci, taps, 2, 2 * ci, phase, cop,
                            target + (long)interiorStart * targetStride, targetStride, interiorEnd - interiorStart));
                    }
                    int edgeColumn = edge * ci;
                    taps[0] = (int)top + edgeColumn; taps[1] = (int)top + edgeColumn; taps[2] = (int)bottom + edgeColumn; taps[3] = (int)bottom + edgeColumn;
                    TapGemm.Run(TapGemm.Rows(source, ci, taps, 4, ci, phase, cop, target + (long)edge * targetStride, targetStride, 1));
                    if (!direct) TapGemm.CopyOut(staging, cop, outRow, 2 * co, co, w);
                }
                statistics?.Add(new ReadOnlySpan<float>(result + (long)(2 * i + a) * 2 * w * co, 2 * w * co));
            }
            ArrayPool<float>.Shared.Return(stage);
        }

        RowParallel.For(2 * h, threads, Row);
        return output;
    }
}
