namespace Cin.Engine.Simd;

/// <summary>
/// A kernel's body, written once over <see cref="ISimd{TSelf}"/>, with its arguments as fields: a struct (or ref
/// struct, to carry spans) that <see cref="SimdDispatch"/> runs with the strategy it picks. Being a struct, each
/// kernel gets its own compiled copy per strategy, with no delegate or interface call left in it.
/// </summary>
public interface ISimdKernel
{
    void Run<T>() where T : unmanaged, ISimd<T>;
}
