using System.Buffers;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// A feature network's 3x3 stride-1 convolution with zero padding 1 all round, by Winograd F(4x4, 3x3) (36 multiplies
/// per 4x4 block of outputs and channel pair instead of 144): the input is copied once into a zero-bordered buffer that
/// fills whole tiles, <see cref="Winograd4x4Conv"/> runs over it as it is, and bias, residual and activation are applied
/// row by row as <see cref="PaddedConv"/> applies them. Its data gradient is the same convolution with the turned
/// kernel, so the backward pass runs here too.
/// </summary>
public static class PaddedWinogradConv
{
    /// <param name="bias">One value per output channel; null for none (and then no activation or residual either).</param>
    /// <param name="residual">When given, a map of the output's shape added after the bias and before the activation.</param>
    public static FeatureMap Apply(FeatureMap input, Winograd4x4Weights weights, float[]? bias, Activation activation, FeatureMap output,
        FeatureMap? residual = null, int threads = 1) =>
        Apply<Simd512>(input, weights, bias, activation, output, residual, threads);

    /// <summary>The same, each step on the widest strategy no wider than <typeparamref name="TWidest"/> that fits it.</summary>
    internal static FeatureMap Apply<TWidest>(FeatureMap input, Winograd4x4Weights weights, float[]? bias, Activation activation, FeatureMap output,
        FeatureMap? residual, int threads)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int h = input.Height, w = input.Width, ci = input.Channels, co = weights.OutChannels;
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != h || output.Width != w || output.Channels != co) throw new ArgumentException($"The output must be {h}x{w}x{co}.");
        if (bias != null && bias.Length != co) throw new ArgumentException($"The bias has {bias.Length} values; the kernel has {co} outputs.", nameof(bias));
        if (bias == null && (residual != null || activation != Activation.None))
            throw new ArgumentException("A residual or an activation needs a bias.", nameof(bias));
        if (activation == Activation.Sigmoid) throw new ArgumentException("A feature network's convolutions take ReLU or no activation.", nameof(activation));
        if (residual != null && (residual.Height != h || residual.Width != w || residual.Channels != co))
            throw new ArgumentException($"The residual must be {h}x{w}x{co}.", nameof(residual));

        // One row and column of zeros before the map, and after it as many as fill the last tile and its reach.
        int hp = Winograd4x4Conv.PaddedSize(h), wp = Winograd4x4Conv.PaddedSize(w);
        float[] padded = ArrayPool<float>.Shared.Rent(hp * wp * ci);
        try
        {
            ZeroPad.Apply(input, 1, 1, padded.AsSpan(0, hp * wp * ci), hp, wp);
            Winograd4x4Conv.ApplyPadded<TWidest>(new FeatureMap(hp, wp, ci, padded), weights, output, threads);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
        if (bias != null)
            RowParallel.For(h, threads, y =>
            {
                Span<float> row = output.Row(y);
                ReadOnlySpan<float> skip = residual == null ? default : residual.Row(y);
                BiasActivation.Apply<TWidest>(row, co, bias, skip, activation);
            });
        return output;
    }
}
