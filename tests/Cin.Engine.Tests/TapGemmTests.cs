using Cin.Engine.Kernels;
using Cin.Engine.Simd;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

/// <summary>
/// The GEMM under every convolution, against plain loops, on every SIMD strategy this CPU runs: row counts that
/// exercise each register block and its tails (12x2, 6x4, 6x2, 3x2, 1x2, 6x1, 1x1) and column counts of 1 to 8 vectors.
/// </summary>
public unsafe class TapGemmTests
{
    public static TheoryData<string, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string strategy in SimdStrategy.All)
            foreach (int rows in new[] { 1, 2, 3, 5, 6, 7, 11, 12, 13, 17, 24, 29 })
                foreach (int vectors in new[] { 1, 2, 3, 4, 5, 6, 8 })
                    data.Add(strategy, rows, vectors);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_plain_loops(string strategy, int rows, int vectors)
    {
        int lanes = SimdStrategy.Lanes(strategy);

        const int depth = 5, lda = 7;
        int columns = vectors * lanes, ldc = columns + 3;
        int[] taps = { 0, 11, 2 * lda + 1 };
        float[] a = RandomData.Uniform(rows * 3 + vectors, rows * lda + taps[^1] + depth);
        float[] b = RandomData.Uniform(rows + 17 * vectors, taps.Length * depth * columns);
        float[] c = new float[rows * ldc];
        var expected = new float[rows * ldc];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
            {
                float sum = 0;
                for (int t = 0; t < taps.Length; t++)
                    for (int q = 0; q < depth; q++)
                        sum += a[i * lda + taps[t] + q] * b[(t * depth + q) * columns + j];
                expected[i * ldc + j] = sum;
            }

        fixed (float* ap = a)
        fixed (float* bp = b)
        fixed (float* cp = c)
        fixed (int* tp = taps)
        {
            var gemm = new Gemm(TapGemm.Rows(ap, lda, tp, taps.Length, depth, bp, columns, cp, ldc, rows));
            SimdStrategy.Run(strategy, ref gemm);
        }

        // Fifteen products summed in another order: a few float roundings apart, far below a wrong row or column.
        Assert.True(RandomData.MaxAbsDifference(expected, c) < 1e-5f, $"max abs difference {RandomData.MaxAbsDifference(expected, c)}");
        for (int i = 0; i < rows; i++)
            for (int j = columns; j < ldc; j++)
                Assert.Equal(0f, c[i * ldc + j]);
    }

    private readonly struct Gemm(TapGemm.Operands operands) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => TapGemm.Run<T>(operands);
    }
}
