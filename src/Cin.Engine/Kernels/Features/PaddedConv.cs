using System.Buffers;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// A convolution with zero padding that may be lopsided, any kernel and stride, a bias, an optional residual added
/// before the activation, and ReLU or none: the layers of a feature network (cin-features), whose BatchNorm is folded
/// into kernel and bias. The input is copied into a zero-bordered buffer once, so that every output pixel's taps lie
/// inside it and each output row is one <see cref="TapGemm"/> with no border cases (the same product
/// <see cref="Conv2d"/> runs on its interior); bias, residual and activation are applied to the row while it is in cache.
/// </summary>
public static unsafe class PaddedConv
{
    /// <param name="bias">One value per output channel.</param>
    /// <param name="residual">When given, a map of the output's shape added after the bias and before the activation.</param>
    public static FeatureMap Apply(FeatureMap input, ConvWeights weights, ReadOnlySpan<float> bias, int stride, ZeroPadding pad,
        Activation activation, FeatureMap output, FeatureMap? residual = null, int threads = 1) =>
        Apply<Simd512>(input, weights, bias, stride, pad, activation, output, residual, threads);

    /// <summary>The same, each step on the widest strategy no wider than <typeparamref name="TWidest"/> that fits it.</summary>
    internal static FeatureMap Apply<TWidest>(FeatureMap input, ConvWeights weights, ReadOnlySpan<float> bias, int stride, ZeroPadding pad,
        Activation activation, FeatureMap output, FeatureMap? residual, int threads)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int k = weights.Kernel, ci = input.Channels, co = weights.OutChannels;
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (bias.Length != co) throw new ArgumentException($"The bias has {bias.Length} values; the kernel has {co} outputs.", nameof(bias));
        if (activation == Activation.Sigmoid) throw new ArgumentException("A feature network's convolutions take ReLU or no activation.", nameof(activation));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        int ho = pad.OutputHeight(input.Height, k, stride), wo = pad.OutputWidth(input.Width, k, stride);
        if (ho == 0 || wo == 0)
            throw new ArgumentException($"A {input.Height}x{input.Width} map padded {pad} is smaller than the {k}x{k} kernel.");
        if (output.Height != ho || output.Width != wo || output.Channels != co)
            throw new ArgumentException($"The output must be {ho}x{wo}x{co}.");
        if (residual != null && (residual.Height != ho || residual.Width != wo || residual.Channels != co))
            throw new ArgumentException($"The residual must be {ho}x{wo}x{co}, not {residual.Height}x{residual.Width}x{residual.Channels}.", nameof(residual));

        if (k == 1 && stride == 1 && pad.IsNone) return Pointwise<TWidest>(input, weights, bias.ToArray(), activation, output, residual, threads);

        // Only the rows and columns the windows reach are kept: a window may stop short of the bottom or right padding.
        int hp = (ho - 1) * stride + k, wp = (wo - 1) * stride + k;
        float[] padded = ArrayPool<float>.Shared.Rent(hp * wp * ci);
        try
        {
            ZeroPad.Apply(input, pad.Top, pad.Left, padded.AsSpan(0, hp * wp * ci), hp, wp);
            float[] biasCopy = bias.ToArray();
            var job = new RowJob<TWidest>(padded, wp, ci, weights, biasCopy, stride, activation, output, residual);
            RowParallel.For(ho, threads, job.Row);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
        return output;
    }

    /// <summary>
    /// A 1x1 convolution without stride or padding is one product over all the pixels: each thread takes a run of whole
    /// pixels straight from the input, where row by row the product's rows would be a map's width (eight at layer3 of
    /// a 128 px crop) and spend a large share in the kernel's narrow tail blocks. The column gradients' products
    /// (<see cref="ColumnConvGradient"/>) are all of this kind.
    /// </summary>
    private static FeatureMap Pointwise<TWidest>(FeatureMap input, ConvWeights weights, float[] bias, Activation activation, FeatureMap output,
        FeatureMap? residual, int threads)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int ci = input.Channels;
        RowParallel.ForRuns(input.Pixels, threads, 256, (start, count) =>
        {
            fixed (float* source = input.Data)
            {
                int tap = 0;
                Product<TWidest>(source + (long)start * ci, ci, &tap, 1, ci, weights, bias, activation, output, residual, start, count);
            }
        });
        return output;
    }

    /// <summary>
    /// Output pixels <paramref name="first"/> onward, <paramref name="pixels"/> of them, <paramref name="lda"/> floats
    /// apart in the input: the product (<see cref="TapGemm"/>), then bias, residual and activation. A layer whose
    /// channels are not a whole number of vectors is computed into rows padded to whole vectors and copied out, so the
    /// product never writes into a neighbouring pixel.
    /// </summary>
    private static void Product<TWidest>(float* a, int lda, int* taps, int tapCount, int depth, ConvWeights weights, float[] bias,
        Activation activation, FeatureMap output, FeatureMap? residual, int first, int pixels)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int co = output.Channels, cop = weights.PaddedOutChannels;
        bool staged = co != cop;
        float[]? stage = staged ? ArrayPool<float>.Shared.Rent(pixels * cop) : null;
        fixed (float* packed = weights.Packed)
        fixed (float* result = output.Data)
        fixed (float* staging = stage)
        {
            float* outRows = result + (long)first * co;
            TapGemm.RunAtMost<TWidest>(TapGemm.Rows(a, lda, taps, tapCount, depth, packed, cop,
                staged ? staging : outRows, staged ? cop : co, pixels));
            if (staged) TapGemm.CopyOut(staging, cop, outRows, co, co, pixels);
        }
        if (stage != null) ArrayPool<float>.Shared.Return(stage);
        Span<float> rows = output.Data.AsSpan(first * co, pixels * co);
        ReadOnlySpan<float> skip = residual == null ? default : residual.Data.AsSpan(first * co, pixels * co);
        BiasActivation.Apply<TWidest>(rows, co, bias, skip, activation);
    }

    private sealed class RowJob<TWidest>(float[] padded, int paddedWidth, int channels, ConvWeights weights, float[] bias, int stride,
        Activation activation, FeatureMap output, FeatureMap? residual)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        public void Row(int y)
        {
            int k = weights.Kernel, ci = channels, wo = output.Width;
            int* tapOffsets = stackalloc int[k];
            for (int ky = 0; ky < k; ky++) tapOffsets[ky] = (y * stride + ky) * paddedWidth * ci;
            // Each kernel row's k taps are k adjacent pixels: one run of k*ci floats, matching the packed weights.
            fixed (float* source = padded)
                Product<TWidest>(source, stride * ci, tapOffsets, k, k * ci, weights, bias, activation, output, residual, y * wo, wo);
        }
    }
}
