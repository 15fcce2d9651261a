using System.Runtime.CompilerServices;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// The arithmetic core shared by the convolutions: a matrix product summed over taps,
/// <c>C[i, j] = sum_t sum_q A[i*lda + tap[t] + q] * B[(t*depth + q)*ldb + j]</c>.
/// A direct convolution is this with one row per output pixel and one tap per kernel position; a Winograd
/// convolution is this with one tap. Output channels are vectorized; six rows by two vectors are kept in registers
/// so that each weight vector loaded feeds six multiply-adds.
/// </summary>
internal static unsafe class TapGemm
{
    private const int RowBlock = 6;

    /// <summary>
    /// A: rows <c>Lda</c> apart, each tap <c>Taps[t]</c> floats further, <c>Depth</c> values per tap. B: packed
    /// weights, <c>Depth</c> rows per tap, <c>Ldb</c> apart. C: rows <c>Ldc</c> apart, <c>Columns</c> wide, a whole
    /// number of vectors (the caller stages narrower outputs).
    /// </summary>
    public struct Operands
    {
        public float* A;
        public int Lda;
        public int* Taps;
        public int TapCount;
        public int Depth;
        public float* B;
        public int Ldb;
        public float* C;
        public int Ldc;
        public int Rows;
        public int Columns;
    }

    /// <summary>
    /// Operands for <paramref name="rows"/> output pixels over full vectors of packed weights: B and C share the
    /// padded channel stride unless <paramref name="ldc"/> says otherwise.
    /// </summary>
    public static Operands Rows(float* a, int lda, int* taps, int tapCount, int depth, float* b, int ldb, float* c, int ldc, int rows) =>
        new()
        {
            A = a, Lda = lda, Taps = taps, TapCount = tapCount, Depth = depth,
            B = b, Ldb = ldb, C = c, Ldc = ldc, Rows = rows, Columns = ldb,
        };

    /// <summary>
    /// Copies the real channels of pixels computed into a staging row padded to whole vectors (stride
    /// <paramref name="stagedStride"/>) out to the map, <paramref name="pixelStride"/> floats apart.
    /// </summary>
    public static void CopyOut(float* staged, int stagedStride, float* output, int pixelStride, int channels, int pixels)
    {
        for (int x = 0; x < pixels; x++)
            new ReadOnlySpan<float>(staged + (long)x * stagedStride, channels).CopyTo(new Span<float>(output + (long)x * pixelStride, channels));
    }

    public static void Run(in Operands o)
    {
        switch (SimdPaths.WidestFor(o.Ldb))
        {
            case 16: Run<Simd512>(o); break;
            case 8: Run<Simd256>(o); break;
            case 4: Run<Simd128>(o); break;
            default: Run<SimdScalar>(o); break;
        }
    }

    public static void Run<T>(in Operands o) where T : unmanaged, ISimd<T>
    {
        int lanes = T.Count;
        int j = 0;
        for (; j + 2 * lanes <= o.Columns; j += 2 * lanes)
        {
            int i = 0;
            for (; i + RowBlock <= o.Rows; i += RowBlock) Block6x2<T>(o, i, j);
            for (; i < o.Rows; i++) Block1x2<T>(o, i, j);
        }
        for (; j < o.Columns; j += lanes)
        {
            int i = 0;
            for (; i + RowBlock <= o.Rows; i += RowBlock) Block6x1<T>(o, i, j);
            for (; i < o.Rows; i++) Block1x1<T>(o, i, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x2<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c00 = T.Zero, c01 = T.Zero, c10 = T.Zero, c11 = T.Zero, c20 = T.Zero, c21 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c40 = T.Zero, c41 = T.Zero, c50 = T.Zero, c51 = T.Zero;
        int lda = o.Lda, ldb = o.Ldb, lanes = T.Count;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * lda + o.Taps[t];
            float* b = o.B + (long)t * o.Depth * ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, b += ldb)
            {
                T b0 = T.Load(b), b1 = T.Load(b + lanes);
                T a0 = T.Broadcast(a[0]);
                c00 = T.MultiplyAdd(a0, b0, c00); c01 = T.MultiplyAdd(a0, b1, c01);
                T a1 = T.Broadcast(a[lda]);
                c10 = T.MultiplyAdd(a1, b0, c10); c11 = T.MultiplyAdd(a1, b1, c11);
                T a2 = T.Broadcast(a[2 * lda]);
                c20 = T.MultiplyAdd(a2, b0, c20); c21 = T.MultiplyAdd(a2, b1, c21);
                T a3 = T.Broadcast(a[3 * lda]);
                c30 = T.MultiplyAdd(a3, b0, c30); c31 = T.MultiplyAdd(a3, b1, c31);
                T a4 = T.Broadcast(a[4 * lda]);
                c40 = T.MultiplyAdd(a4, b0, c40); c41 = T.MultiplyAdd(a4, b1, c41);
                T a5 = T.Broadcast(a[5 * lda]);
                c50 = T.MultiplyAdd(a5, b0, c50); c51 = T.MultiplyAdd(a5, b1, c51);
            }
        }
        float* c = o.C + (long)i * o.Ldc + j;
        Store(o, j, c, c00, c01); c += o.Ldc;
        Store(o, j, c, c10, c11); c += o.Ldc;
        Store(o, j, c, c20, c21); c += o.Ldc;
        Store(o, j, c, c30, c31); c += o.Ldc;
        Store(o, j, c, c40, c41); c += o.Ldc;
        Store(o, j, c, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x1<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c0 = T.Zero, c1 = T.Zero, c2 = T.Zero, c3 = T.Zero, c4 = T.Zero, c5 = T.Zero;
        int lda = o.Lda, ldb = o.Ldb;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * lda + o.Taps[t];
            float* b = o.B + (long)t * o.Depth * ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, b += ldb)
            {
                T b0 = T.Load(b);
                c0 = T.MultiplyAdd(T.Broadcast(a[0]), b0, c0);
                c1 = T.MultiplyAdd(T.Broadcast(a[lda]), b0, c1);
                c2 = T.MultiplyAdd(T.Broadcast(a[2 * lda]), b0, c2);
                c3 = T.MultiplyAdd(T.Broadcast(a[3 * lda]), b0, c3);
                c4 = T.MultiplyAdd(T.Broadcast(a[4 * lda]), b0, c4);
                c5 = T.MultiplyAdd(T.Broadcast(a[5 * lda]), b0, c5);
            }
        }
        float* c = o.C + (long)i * o.Ldc + j;
        StoreOne(o, j, c, c0); c += o.Ldc;
        StoreOne(o, j, c, c1); c += o.Ldc;
        StoreOne(o, j, c, c2); c += o.Ldc;
        StoreOne(o, j, c, c3); c += o.Ldc;
        StoreOne(o, j, c, c4); c += o.Ldc;
        StoreOne(o, j, c, c5);
    }

    private static void Block1x2<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c0 = T.Zero, c1 = T.Zero;
        int lanes = T.Count;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * o.Lda + o.Taps[t];
            float* b = o.B + (long)t * o.Depth * o.Ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, b += o.Ldb)
            {
                T a0 = T.Broadcast(*a);
                c0 = T.MultiplyAdd(a0, T.Load(b), c0);
                c1 = T.MultiplyAdd(a0, T.Load(b + lanes), c1);
            }
        }
        Store(o, j, o.C + (long)i * o.Ldc + j, c0, c1);
    }

    private static void Block1x1<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c0 = T.Zero;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * o.Lda + o.Taps[t];
            float* b = o.B + (long)t * o.Depth * o.Ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, b += o.Ldb)
                c0 = T.MultiplyAdd(T.Broadcast(*a), T.Load(b), c0);
        }
        StoreOne(o, j, o.C + (long)i * o.Ldc + j, c0);
    }

    // Stores only, no calls: a call after the loop would make the JIT spill the accumulators on every iteration.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(in Operands o, int j, float* c, T v0, T v1) where T : unmanaged, ISimd<T>
    {
        T.Store(v0, c);
        T.Store(v1, c + T.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOne<T>(in Operands o, int j, float* c, T v) where T : unmanaged, ISimd<T> => T.Store(v, c);
}
