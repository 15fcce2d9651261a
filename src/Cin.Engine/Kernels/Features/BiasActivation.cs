using Cin.Engine.Simd;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The epilogue of a feature network's convolution, over one row of pixels in place:
/// <c>x = act(x + bias[c] + skip)</c>, the skip (a residual block's shortcut) optional, the activation ReLU or none.
/// Vectorized across channels, with a scalar tail where the channels are not a whole number of vectors.
/// </summary>
public static class BiasActivation
{
    public static void Apply(Span<float> row, int channels, ReadOnlySpan<float> bias, ReadOnlySpan<float> skip, Activation activation)
    {
        if (bias.Length != channels) throw new ArgumentException($"The bias has {bias.Length} values, not {channels}.", nameof(bias));
        if (row.Length % channels != 0) throw new ArgumentException("The row is not a whole number of pixels.", nameof(row));
        if (!skip.IsEmpty && skip.Length != row.Length) throw new ArgumentException("The skip differs from the row in size.", nameof(skip));
        var kernel = new Kernel(row, channels, bias, skip, activation);
        SimdDispatch.Run(channels, ref kernel);
    }

    private readonly ref struct Kernel(Span<float> row, int channels, ReadOnlySpan<float> bias, ReadOnlySpan<float> skip, Activation activation)
        : ISimdKernel
    {
        private readonly Span<float> _row = row;
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly ReadOnlySpan<float> _skip = skip;

        public void Run<T>() where T : unmanaged, ISimd<T>
        {
            if (activation == Activation.Relu) Apply<T, ReluFunction>(_row, channels, _bias, _skip);
            else Apply<T, IdentityFunction>(_row, channels, _bias, _skip);
        }
    }

    /// <summary>The epilogue on one strategy: whole vectors of each pixel's channels, then single floats.</summary>
    internal static unsafe void Apply<T, TActivation>(Span<float> row, int channels, ReadOnlySpan<float> bias, ReadOnlySpan<float> skip)
        where T : unmanaged, ISimd<T>
        where TActivation : IActivationFunction
    {
        int pixels = row.Length / channels, vectorEnd = channels - channels % T.Count;
        T zero = T.Zero, one = T.Broadcast(1);
        SimdScalar scalarOne = SimdScalar.Broadcast(1);
        bool hasSkip = !skip.IsEmpty;
        fixed (float* x = row, b = bias, s = skip)
        {
            for (int p = 0; p < pixels; p++)
            {
                float* px = x + (long)p * channels;
                float* ps = s + (long)p * channels;
                int c = 0;
                for (; c < vectorEnd; c += T.Count)
                {
                    T v = T.Add(T.Load(px + c), T.Load(b + c));
                    if (hasSkip) v = T.Add(v, T.Load(ps + c));
                    T.Store(TActivation.Apply(v, zero, one), px + c);
                }
                for (; c < channels; c++)
                {
                    float v = px[c] + b[c];
                    if (hasSkip) v += ps[c];
                    px[c] = v;
                    SimdScalar.Store(TActivation.Apply(SimdScalar.Load(px + c), SimdScalar.Zero, scalarOne), px + c);
                }
            }
        }
    }
}
