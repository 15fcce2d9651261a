using System.Runtime.CompilerServices;

namespace Cin.Engine.Simd;

/// <summary>
/// The one place a kernel's strategy is chosen: the widest vector this process accelerates whose lane count divides
/// the floats the kernel steps over (its channels, or a tiled channel pattern), down to one plain float.
/// </summary>
public static class SimdDispatch
{
    /// <summary>Runs <paramref name="kernel"/> with the widest strategy whose lanes divide <paramref name="floats"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TKernel>(int floats, ref TKernel kernel) where TKernel : struct, ISimdKernel, allows ref struct =>
        Run<TKernel, Simd512>(floats, ref kernel);

    /// <summary>
    /// The same, with no strategy wider than <typeparamref name="TWidest"/>: for the steps of a kernel whose caller
    /// chose its strategy (the tests run each convolution on each strategy this way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TKernel, TWidest>(int floats, ref TKernel kernel)
        where TKernel : struct, ISimdKernel, allows ref struct
        where TWidest : unmanaged, ISimd<TWidest>
    {
        switch (SimdPaths.WidestFor(floats, TWidest.Count))
        {
            case 16: kernel.Run<Simd512>(); break;
            case 8: kernel.Run<Simd256>(); break;
            case 4: kernel.Run<Simd128>(); break;
            default: kernel.Run<SimdScalar>(); break;
        }
    }

    /// <summary>Runs <paramref name="kernel"/> with the widest strategy accelerated, for kernels that take any length and finish with a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunWidest<TKernel>(ref TKernel kernel) where TKernel : struct, ISimdKernel, allows ref struct =>
        Run(AnyWidth, ref kernel);

    /// <summary>The same, with no strategy wider than <typeparamref name="TWidest"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunWidest<TKernel, TWidest>(ref TKernel kernel)
        where TKernel : struct, ISimdKernel, allows ref struct
        where TWidest : unmanaged, ISimd<TWidest> =>
        Run<TKernel, TWidest>(AnyWidth, ref kernel);

    /// <summary>A float count that every strategy's lane count divides.</summary>
    public const int AnyWidth = 16;
}
