namespace Cin.Engine.Simd;

/// <summary>
/// A vector of floats of one instruction-set width. Kernels are written once, generic over this interface, and the
/// JIT compiles a separate copy of them for each struct that implements it, with every call inlined; the strategy is
/// chosen once per call by <see cref="SimdDispatch"/>.
/// </summary>
public unsafe interface ISimd<TSelf> where TSelf : unmanaged, ISimd<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Load(float* source);
    static abstract TSelf Broadcast(float value);
    static abstract void Store(TSelf value, float* destination);

    /// <summary><c>a * b + c</c>, fused where the hardware has FMA.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Subtract(TSelf a, TSelf b);

    /// <summary>
    /// <c>a * b</c>, rounded on its own: kernels whose results must not depend on the width (the norm, the
    /// statistics) multiply and add in two steps, since a fused multiply-add rounds once and the scalar path cannot.
    /// </summary>
    static abstract TSelf Multiply(TSelf a, TSelf b);
    static abstract TSelf Divide(TSelf a, TSelf b);
    static abstract TSelf Negate(TSelf a);
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary><c>e^x</c>: the runtime's vector approximation, or <see cref="MathF.Exp"/> for one lane.</summary>
    static abstract TSelf Exp(TSelf x);
}
