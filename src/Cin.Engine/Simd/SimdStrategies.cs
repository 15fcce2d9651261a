using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cin.Engine.Simd;

/// <summary>16 lanes: AVX-512F.</summary>
public readonly unsafe struct Simd512 : ISimd<Simd512>
{
    private readonly Vector512<float> _v;
    private Simd512(Vector512<float> v) => _v = v;
    public static int Count => 16;
    public static Simd512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Load(float* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Broadcast(float v) => new(Vector512.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Simd512 v, float* p) => v._v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 MultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a._v, b._v, c._v) : a._v * b._v + c._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Add(Simd512 a, Simd512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Subtract(Simd512 a, Simd512 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Multiply(Simd512 a, Simd512 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Divide(Simd512 a, Simd512 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Negate(Simd512 a) => new(-a._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Max(Simd512 a, Simd512 b) => new(Vector512.Max(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Exp(Simd512 x) => new(Vector512.Exp(x._v));
}

/// <summary>8 lanes: AVX2, with FMA where present.</summary>
public readonly unsafe struct Simd256 : ISimd<Simd256>
{
    private readonly Vector256<float> _v;
    private Simd256(Vector256<float> v) => _v = v;
    public static int Count => 8;
    public static Simd256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Load(float* p) => new(Vector256.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Broadcast(float v) => new(Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Simd256 v, float* p) => v._v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 MultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Fma.IsSupported ? Fma.MultiplyAdd(a._v, b._v, c._v) : a._v * b._v + c._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Add(Simd256 a, Simd256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Subtract(Simd256 a, Simd256 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Multiply(Simd256 a, Simd256 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Divide(Simd256 a, Simd256 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Negate(Simd256 a) => new(-a._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Max(Simd256 a, Simd256 b) => new(Vector256.Max(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Exp(Simd256 x) => new(Vector256.Exp(x._v));
}

/// <summary>4 lanes: SSE or AdvSimd.</summary>
public readonly unsafe struct Simd128 : ISimd<Simd128>
{
    private readonly Vector128<float> _v;
    private Simd128(Vector128<float> v) => _v = v;
    public static int Count => 4;
    public static Simd128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Load(float* p) => new(Vector128.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Broadcast(float v) => new(Vector128.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Simd128 v, float* p) => v._v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 MultiplyAdd(Simd128 a, Simd128 b, Simd128 c) => new(Fma.IsSupported ? Fma.MultiplyAdd(a._v, b._v, c._v) : a._v * b._v + c._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Add(Simd128 a, Simd128 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Subtract(Simd128 a, Simd128 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Multiply(Simd128 a, Simd128 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Divide(Simd128 a, Simd128 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Negate(Simd128 a) => new(-a._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Max(Simd128 a, Simd128 b) => new(Vector128.Max(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Exp(Simd128 x) => new(Vector128.Exp(x._v));
}

/// <summary>1 lane: plain floats, for hardware without vectors and for the tails that do not fill one.</summary>
public readonly unsafe struct SimdScalar : ISimd<SimdScalar>
{
    private readonly float _v;
    private SimdScalar(float v) => _v = v;
    public static int Count => 1;
    public static SimdScalar Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Load(float* p) => new(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Broadcast(float v) => new(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(SimdScalar v, float* p) => *p = v._v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar MultiplyAdd(SimdScalar a, SimdScalar b, SimdScalar c) => new(a._v * b._v + c._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Add(SimdScalar a, SimdScalar b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Subtract(SimdScalar a, SimdScalar b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Multiply(SimdScalar a, SimdScalar b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Divide(SimdScalar a, SimdScalar b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Negate(SimdScalar a) => new(-a._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Max(SimdScalar a, SimdScalar b) => new(MathF.Max(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Exp(SimdScalar x) => new(MathF.Exp(x._v));
}
