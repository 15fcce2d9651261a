using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>The skip connection of a residual block: <c>x += skip</c>.</summary>
public static class ResidualAdd
{
    public static void Apply(Span<float> x, ReadOnlySpan<float> skip)
    {
        if (skip.Length != x.Length) throw new ArgumentException("The two maps differ in size.", nameof(skip));
        var kernel = new Kernel(x, skip);
        SimdDispatch.RunWidest(ref kernel);
    }

    private readonly ref struct Kernel(Span<float> x, ReadOnlySpan<float> skip) : ISimdKernel
    {
        private readonly Span<float> _x = x;
        private readonly ReadOnlySpan<float> _skip = skip;

        public void Run<T>() where T : unmanaged, ISimd<T> => Apply<T>(_x, _skip);
    }

    /// <summary>The sum on one strategy: whole vectors, then single floats.</summary>
    internal static unsafe void Apply<T>(Span<float> x, ReadOnlySpan<float> skip) where T : unmanaged, ISimd<T>
    {
        if (skip.Length != x.Length) throw new ArgumentException("The two maps differ in size.", nameof(skip));
        int length = x.Length, i = 0;
        fixed (float* sum = x, addend = skip)
        {
            for (; i <= length - T.Count; i += T.Count)
                T.Store(T.Add(T.Load(sum + i), T.Load(addend + i)), sum + i);
            for (; i < length; i++)
                sum[i] += addend[i];
        }
    }
}
