using System.Runtime.CompilerServices;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// The arithmetic core shared by the convolutions: a matrix product summed over taps,
/// <c>C[i, j] = sum_t sum_q A[i*lda + tap[t] + q] * B[(t*depth + q)*ldb + j]</c>.
/// A direct convolution is this with one row per output pixel and one tap per kernel position; a Winograd
/// convolution is this with one tap. Output channels are vectorized; a block of rows by vectors is kept in registers
/// (6x2 with 16 vector registers, 6x4 or 12x2 with 32) so that each weight vector loaded feeds six or more
/// multiply-adds and each broadcast input feeds two or four.
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

    public static void Run(in Operands o) => RunAtMost<Simd512>(o);

    /// <summary>The product on the widest strategy, no wider than <typeparamref name="TWidest"/>, whose lanes divide the columns' stride.</summary>
    public static void RunAtMost<TWidest>(in Operands o) where TWidest : unmanaged, ISimd<TWidest>
    {
        var kernel = new Kernel(o);
        SimdDispatch.Run<Kernel, TWidest>(o.Ldb, ref kernel);
    }

    private readonly struct Kernel(Operands operands) : ISimdKernel
    {
        private readonly Operands _operands = operands;
        public void Run<T>() where T : unmanaged, ISimd<T> => TapGemm.Run<T>(_operands);
    }

    public static void Run<T>(in Operands o) where T : unmanaged, ISimd<T>
    {
        int lanes = T.Count;
        int j = 0;
        // AVX-512 has 32 vector registers, room for 24 accumulators: wide layers take six rows by four vectors, so
        // each broadcast feeds four multiply-adds; narrower ones twelve rows by two.
        if (WideRegisterFile<T>())
        {
            for (; j + 4 * lanes <= o.Columns; j += 4 * lanes)
            {
                int i = 0;
                for (; i + RowBlock <= o.Rows; i += RowBlock) Block6x4<T>(o, i, j);
                RowsBy2<T>(o, i, j);
                RowsBy2<T>(o, i, j + 2 * lanes);
            }
        }
        for (; j + 2 * lanes <= o.Columns; j += 2 * lanes) RowsBy2<T>(o, 0, j);
        for (; j < o.Columns; j += lanes)
        {
            int i = 0;
            for (; i + RowBlock <= o.Rows; i += RowBlock) Block6x1<T>(o, i, j);
            for (; i < o.Rows; i++) Block1x1<T>(o, i, j);
        }
    }

    private static bool WideRegisterFile<T>() where T : unmanaged, ISimd<T> => T.Count == 16;

    /// <summary>Rows <paramref name="first"/> onward, two vectors of columns from <paramref name="j"/>.</summary>
    private static void RowsBy2<T>(in Operands o, int first, int j) where T : unmanaged, ISimd<T>
    {
        int i = first;
        if (WideRegisterFile<T>())
            for (; i + 2 * RowBlock <= o.Rows; i += 2 * RowBlock) Block12x2<T>(o, i, j);
        for (; i + RowBlock <= o.Rows; i += RowBlock) Block6x2<T>(o, i, j);
        for (; i + 3 <= o.Rows; i += 3) Block3x2<T>(o, i, j);
        for (; i < o.Rows; i++) Block1x2<T>(o, i, j);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x4<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero, c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero, c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        T c40 = T.Zero, c41 = T.Zero, c42 = T.Zero, c43 = T.Zero, c50 = T.Zero, c51 = T.Zero, c52 = T.Zero, c53 = T.Zero;
        int ldb = o.Ldb, lanes = T.Count;
        // Row offsets as native ints, computed once: indexing with them needs no widening or multiply per load.
        nint lda = o.Lda, l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * lda + o.Taps[t];
            float* b = o.B + (long)t * o.Depth * ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, b += ldb)
            {
                T b0 = T.Load(b), b1 = T.Load(b + lanes), b2 = T.Load(b + 2 * lanes), b3 = T.Load(b + 3 * lanes);
                T a0 = T.Broadcast(a[0]);
                c00 = T.MultiplyAdd(a0, b0, c00); c01 = T.MultiplyAdd(a0, b1, c01); c02 = T.MultiplyAdd(a0, b2, c02); c03 = T.MultiplyAdd(a0, b3, c03);
                T a1 = T.Broadcast(a[lda]);
                c10 = T.MultiplyAdd(a1, b0, c10); c11 = T.MultiplyAdd(a1, b1, c11); c12 = T.MultiplyAdd(a1, b2, c12); c13 = T.MultiplyAdd(a1, b3, c13);
                T a2 = T.Broadcast(a[l2]);
                c20 = T.MultiplyAdd(a2, b0, c20); c21 = T.MultiplyAdd(a2, b1, c21); c22 = T.MultiplyAdd(a2, b2, c22); c23 = T.MultiplyAdd(a2, b3, c23);
                T a3 = T.Broadcast(a[l3]);
                c30 = T.MultiplyAdd(a3, b0, c30); c31 = T.MultiplyAdd(a3, b1, c31); c32 = T.MultiplyAdd(a3, b2, c32); c33 = T.MultiplyAdd(a3, b3, c33);
                T a4 = T.Broadcast(a[l4]);
                c40 = T.MultiplyAdd(a4, b0, c40); c41 = T.MultiplyAdd(a4, b1, c41); c42 = T.MultiplyAdd(a4, b2, c42); c43 = T.MultiplyAdd(a4, b3, c43);
                T a5 = T.Broadcast(a[l5]);
                c50 = T.MultiplyAdd(a5, b0, c50); c51 = T.MultiplyAdd(a5, b1, c51); c52 = T.MultiplyAdd(a5, b2, c52); c53 = T.MultiplyAdd(a5, b3, c53);
            }
        }
        float* c = o.C + (long)i * o.Ldc + j;
        Store4(c, c00, c01, c02, c03); c += o.Ldc;
        Store4(c, c10, c11, c12, c13); c += o.Ldc;
        Store4(c, c20, c21, c22, c23); c += o.Ldc;
        Store4(c, c30, c31, c32, c33); c += o.Ldc;
        Store4(c, c40, c41, c42, c43); c += o.Ldc;
        Store4(c, c50, c51, c52, c53);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block12x2<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c00 = T.Zero, c01 = T.Zero, c10 = T.Zero, c11 = T.Zero, c20 = T.Zero, c21 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c40 = T.Zero, c41 = T.Zero, c50 = T.Zero, c51 = T.Zero;
        T c60 = T.Zero, c61 = T.Zero, c70 = T.Zero, c71 = T.Zero, c80 = T.Zero, c81 = T.Zero;
        T c90 = T.Zero, c91 = T.Zero, ca0 = T.Zero, ca1 = T.Zero, cb0 = T.Zero, cb1 = T.Zero;
        int ldb = o.Ldb, lanes = T.Count;
        // Row offsets as native ints, computed once: indexing with them needs no widening or multiply per load.
        nint lda = o.Lda, l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * lda + o.Taps[t];
            float* a6 = a + 6 * lda;
            float* b = o.B + (long)t * o.Depth * ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, a6++, b += ldb)
            {
                T b0 = T.Load(b), b1 = T.Load(b + lanes);
                T r = T.Broadcast(a[0]);
                c00 = T.MultiplyAdd(r, b0, c00); c01 = T.MultiplyAdd(r, b1, c01);
                r = T.Broadcast(a[lda]);
                c10 = T.MultiplyAdd(r, b0, c10); c11 = T.MultiplyAdd(r, b1, c11);
                r = T.Broadcast(a[l2]);
                c20 = T.MultiplyAdd(r, b0, c20); c21 = T.MultiplyAdd(r, b1, c21);
                r = T.Broadcast(a[l3]);
                c30 = T.MultiplyAdd(r, b0, c30); c31 = T.MultiplyAdd(r, b1, c31);
                r = T.Broadcast(a[l4]);
                c40 = T.MultiplyAdd(r, b0, c40); c41 = T.MultiplyAdd(r, b1, c41);
                r = T.Broadcast(a[l5]);
                c50 = T.MultiplyAdd(r, b0, c50); c51 = T.MultiplyAdd(r, b1, c51);
                r = T.Broadcast(a6[0]);
                c60 = T.MultiplyAdd(r, b0, c60); c61 = T.MultiplyAdd(r, b1, c61);
                r = T.Broadcast(a6[lda]);
                c70 = T.MultiplyAdd(r, b0, c70); c71 = T.MultiplyAdd(r, b1, c71);
                r = T.Broadcast(a6[l2]);
                c80 = T.MultiplyAdd(r, b0, c80); c81 = T.MultiplyAdd(r, b1, c81);
                r = T.Broadcast(a6[l3]);
                c90 = T.MultiplyAdd(r, b0, c90); c91 = T.MultiplyAdd(r, b1, c91);
                r = T.Broadcast(a6[l4]);
                ca0 = T.MultiplyAdd(r, b0, ca0); ca1 = T.MultiplyAdd(r, b1, ca1);
                r = T.Broadcast(a6[l5]);
                cb0 = T.MultiplyAdd(r, b0, cb0); cb1 = T.MultiplyAdd(r, b1, cb1);
            }
        }
        float* c = o.C + (long)i * o.Ldc + j;
        Store(o, j, c, c00, c01); c += o.Ldc;
        Store(o, j, c, c10, c11); c += o.Ldc;
        Store(o, j, c, c20, c21); c += o.Ldc;
        Store(o, j, c, c30, c31); c += o.Ldc;
        Store(o, j, c, c40, c41); c += o.Ldc;
        Store(o, j, c, c50, c51); c += o.Ldc;
        Store(o, j, c, c60, c61); c += o.Ldc;
        Store(o, j, c, c70, c71); c += o.Ldc;
        Store(o, j, c, c80, c81); c += o.Ldc;
        Store(o, j, c, c90, c91); c += o.Ldc;
        Store(o, j, c, ca0, ca1); c += o.Ldc;
        Store(o, j, c, cb0, cb1);
    }

    private static void Block3x2<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c00 = T.Zero, c01 = T.Zero, c10 = T.Zero, c11 = T.Zero, c20 = T.Zero, c21 = T.Zero;
        int ldb = o.Ldb, lanes = T.Count;
        // Row offsets as native ints, computed once: indexing with them needs no widening or multiply per load.
        nint lda = o.Lda, l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
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
                T a2 = T.Broadcast(a[l2]);
                c20 = T.MultiplyAdd(a2, b0, c20); c21 = T.MultiplyAdd(a2, b1, c21);
            }
        }
        float* c = o.C + (long)i * o.Ldc + j;
        Store(o, j, c, c00, c01); c += o.Ldc;
        Store(o, j, c, c10, c11); c += o.Ldc;
        Store(o, j, c, c20, c21);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x2<T>(in Operands o, int i, int j) where T : unmanaged, ISimd<T>
    {
        T c00 = T.Zero, c01 = T.Zero, c10 = T.Zero, c11 = T.Zero, c20 = T.Zero, c21 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c40 = T.Zero, c41 = T.Zero, c50 = T.Zero, c51 = T.Zero;
        int ldb = o.Ldb, lanes = T.Count;
        // Row offsets as native ints, computed once: indexing with them needs no widening or multiply per load.
        nint lda = o.Lda, l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
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
                T a2 = T.Broadcast(a[l2]);
                c20 = T.MultiplyAdd(a2, b0, c20); c21 = T.MultiplyAdd(a2, b1, c21);
                T a3 = T.Broadcast(a[l3]);
                c30 = T.MultiplyAdd(a3, b0, c30); c31 = T.MultiplyAdd(a3, b1, c31);
                T a4 = T.Broadcast(a[l4]);
                c40 = T.MultiplyAdd(a4, b0, c40); c41 = T.MultiplyAdd(a4, b1, c41);
                T a5 = T.Broadcast(a[l5]);
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
        int ldb = o.Ldb;
        nint lda = o.Lda, l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
        for (int t = 0; t < o.TapCount; t++)
        {
            float* a = o.A + (long)i * lda + o.Taps[t];
            float* b = o.B + (long)t * o.Depth * ldb + j;
            for (int q = 0; q < o.Depth; q++, a++, b += ldb)
            {
                T b0 = T.Load(b);
                c0 = T.MultiplyAdd(T.Broadcast(a[0]), b0, c0);
                c1 = T.MultiplyAdd(T.Broadcast(a[lda]), b0, c1);
                c2 = T.MultiplyAdd(T.Broadcast(a[l2]), b0, c2);
                c3 = T.MultiplyAdd(T.Broadcast(a[l3]), b0, c3);
                c4 = T.MultiplyAdd(T.Broadcast(a[l4]), b0, c4);
                c5 = T.MultiplyAdd(T.Broadcast(a[l5]), b0, c5);
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
    private static void Store4<T>(float* c, T v0, T v1, T v2, T v3) where T : unmanaged, ISimd<T>
    {
        T.Store(v0, c);
        T.Store(v1, c + T.Count);
        T.Store(v2, c + 2 * T.Count);
        T.Store(v3, c + 3 * T.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOne<T>(in Operands o, int j, float* c, T v) where T : unmanaged, ISimd<T> => T.Store(v, c);
}
