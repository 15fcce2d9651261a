using System.Buffers;
using Cin.Engine.Kernels.Features;

namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The data gradient of a strided convolution without padding (the input comes padded), phase by phase: the input
/// pixels whose row is a mod s and whose column is b receive the gradient only through the taps (a + s j, b + s l), so
/// each phase is a small stride-1 correlation of the output gradient with those taps, and its results land s pixels
/// apart in the input's gradient:
/// <c>dx[s m + a, s n + b] = sum_{j,l} W[a + s j, b + s l] dy[m - j, n - l]</c>.
/// Each phase row is one <see cref="TapGemm"/> product written straight into its strided pixels. It multiplies as often
/// as the forward, like the columns of <see cref="ColumnConvGradient"/>, without their buffer (k*k*in floats an output
/// pixel: 4.7 MB for paintings40's contract/conv2 at a 128 px crop) written and gathered again. The input's channels
/// must be a whole number of the widest vectors, as a product writes whole vectors into each pixel.
/// </summary>
public static unsafe class PhaseConvGradient
{
    /// <summary>A kernel packed per phase: for phase (a, b), its taps (j, l) by output channels by input channels.</summary>
    public sealed class Weights
    {
        internal Weights(int kernel, int stride, int inChannels, int outChannels, float[][] phases, int[] taps)
        {
            Kernel = kernel;
            Stride = stride;
            InChannels = inChannels;
            OutChannels = outChannels;
            Phases = phases;
            Taps = taps;
        }

        public int Kernel { get; }
        public int Stride { get; }
        public int InChannels { get; }
        public int OutChannels { get; }

        /// <summary>Phase a * stride + b: [j][l][out][in].</summary>
        internal float[][] Phases { get; }

        /// <summary>Taps of phase a along a side: the kernel rows (or columns) a, a + s, ... below k.</summary>
        internal int[] Taps { get; }

        /// <summary>The most taps any phase has along a side: ceil(k / s).</summary>
        internal int MostTaps => Taps[0];
    }

    /// <summary>Whether a layer of this many input channels can take this path: whole vectors of them per pixel.</summary>
    public static bool Fits(int inChannels) => inChannels > 0 && ConvWeights.PadOutChannels(inChannels) == inChannels;

    /// <param name="hwio">The kernel as the forward takes it: [k][k][in][out].</param>
    public static Weights Pack(ReadOnlySpan<float> hwio, int kernel, int stride, int inChannels, int outChannels)
    {
        if (hwio.Length != kernel * kernel * inChannels * outChannels) throw new ArgumentException("The kernel's size does not match its shape.", nameof(hwio));
        if (!Fits(inChannels)) throw new ArgumentException($"{inChannels} input channels are not whole vectors.", nameof(inChannels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        var taps = new int[stride];
        for (int a = 0; a < stride; a++) taps[a] = a < kernel ? (kernel - a + stride - 1) / stride : 0;
        var phases = new float[stride * stride][];
        for (int a = 0; a < stride; a++)
            for (int b = 0; b < stride; b++)
            {
                var packed = new float[taps[a] * taps[b] * outChannels * inChannels];
                int at = 0;
                for (int j = 0; j < taps[a]; j++)
                    for (int l = 0; l < taps[b]; l++)
                    {
                        int tap = (a + stride * j) * kernel + b + stride * l;
                        for (int o = 0; o < outChannels; o++)
                            for (int i = 0; i < inChannels; i++)
                                packed[at++] = hwio[(tap * inChannels + i) * outChannels + o];
                    }
                phases[a * stride + b] = packed;
            }
        return new Weights(kernel, stride, inChannels, outChannels, phases, taps);
    }

    /// <param name="outputGradient">With respect to the convolution's output, ((H - k) / s + 1) x ((W - k) / s + 1).</param>
    /// <param name="inputGradient">H x W, with respect to the (padded) input; every value is written.</param>
    public static FeatureMap Apply(FeatureMap outputGradient, Weights weights, FeatureMap inputGradient, int threads = 1)
    {
        int k = weights.Kernel, s = weights.Stride, ci = weights.InChannels, co = weights.OutChannels;
        int h = inputGradient.Height, w = inputGradient.Width, ho = outputGradient.Height, wo = outputGradient.Width;
        if (inputGradient.Channels != ci || outputGradient.Channels != co)
            throw new ArgumentException($"The gradients must have {ci} and {co} channels.");
        if (h < k || w < k || ho != (h - k) / s + 1 || wo != (w - k) / s + 1)
            throw new ArgumentException($"A {ho}x{wo} output gradient does not come from a {h}x{w} input.", nameof(outputGradient));

        // The output gradient with zeros around it: top and left for the taps that reach before the first output,
        // bottom and right for the phase rows and columns past the last one (the input's unread edge, which gets 0).
        int reach = weights.MostTaps - 1;
        int rowsPerPhase = (h + s - 1) / s, columnsPerPhase = (w + s - 1) / s;
        int hd = rowsPerPhase + reach, wd = columnsPerPhase + reach;
        float[] padded = ArrayPool<float>.Shared.Rent(hd * wd * co);
        try
        {
            ZeroPad.Apply(outputGradient, reach, reach, padded.AsSpan(0, hd * wd * co), hd, wd);
            // One job per input row: its s column phases read the same rows of the padded gradient.
            RowParallel.For(rowsPerPhase * s, threads, job =>
            {
                int m = job / s, a = job % s;
                int py = s * m + a;
                if (py >= h) return;
                int* offsets = stackalloc int[weights.MostTaps * weights.MostTaps];
                fixed (float* dy = padded, dx = inputGradient.Data)
                {
                    for (int b = 0; b < s; b++)
                    {
                        int rowTaps = weights.Taps[a], columnTaps = weights.Taps[b];
                        int columns = (w - b + s - 1) / s;
                        float* target = dx + ((long)py * w + b) * ci;
                        if (rowTaps == 0 || columnTaps == 0)
                        {
                            // No tap reaches this phase (a stride larger than the kernel): its pixels get nothing.
                            for (int n = 0; n < columns; n++) new Span<float>(target + (long)n * s * ci, ci).Clear();
                            continue;
                        }
                        int count = 0;
                        for (int j = 0; j < rowTaps; j++)
                            for (int l = 0; l < columnTaps; l++)
                                offsets[count++] = (-j * wd - l) * co;
                        fixed (float* b0 = weights.Phases[a * s + b])
                        {
                            float* source = dy + ((long)(m + reach) * wd + reach) * co;
                            TapGemm.Run(TapGemm.Rows(source, co, offsets, count, co, b0, ci, target, s * ci, columns));
                        }
                    }
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
        return inputGradient;
    }
}
