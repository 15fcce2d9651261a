using System.Runtime.CompilerServices;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// The activations as types, so a kernel generic over one compiles a loop with the activation inlined, not a switch
/// per vector. The same operations on every width: a lane's result depends on its inputs alone. The constants come
/// from the caller, made once before its loop, so that they stay in registers instead of being rebuilt per vector.
/// </summary>
internal interface IActivationFunction
{
    static abstract T Apply<T>(T y, T zero, T one) where T : unmanaged, ISimd<T>;
}

internal readonly struct IdentityFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<T>(T y, T zero, T one) where T : unmanaged, ISimd<T> => y;
}

internal readonly struct ReluFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<T>(T y, T zero, T one) where T : unmanaged, ISimd<T> => T.Max(y, zero);
}

/// <summary><c>1 / (1 + e^-y)</c>.</summary>
internal readonly struct SigmoidFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<T>(T y, T zero, T one) where T : unmanaged, ISimd<T> => T.Divide(one, T.Add(one, T.Exp(T.Negate(y))));
}
