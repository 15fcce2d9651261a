namespace Cin.Engine.Simd;

/// <summary>
/// A vector of floats of one instruction-set width. Kernels are written once, generic over this interface, and the
/// JIT compiles a separate copy of them for each struct that implements it, with every call inlined; the strategy is
/// chosen once per call by <see cref="SimdPaths"/>.
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
}
