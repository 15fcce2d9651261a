using System.Buffers;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// A 3x3, stride-1 convolution by Winograd F(2x2, 3x3): each 2x2 block of output pixels costs 16 multiplies per
/// channel pair instead of 36, a 2.25x saving. Per strip of tiles: the input transform <c>V = B^T d B</c> of 4x4
/// patches, 16 matrix products <c>M = V U</c> (one per grid position, through <see cref="TapGemm"/>), and the output
/// transform <c>Y = A^T M A</c>. Channels are the vector axis throughout. The reflect padding is done by indexing:
/// each tile's four input rows and columns are looked up reflected, so no padded copy is made. Edge tiles that hang
/// past an odd-sized output read folded-back inputs and write only their valid pixels.
/// </summary>
public static unsafe class WinogradConv3x3
{
    /// <summary>
    /// The transformed inputs and products of one strip (V and M) are kept to this many bytes, so that they and the
    /// transformed weights stay in a core's L2 cache together.
    /// </summary>
    private const int StripBytes = 512 * 1024;

    /// <summary>
    /// Tiles per strip: a multiple of twelve (the tallest GEMM block) that keeps V and M within
    /// <see cref="StripBytes"/>. Strips run in raster order across tile rows, so every strip but the last is full.
    /// </summary>
    internal static int StripTiles(int inChannels, int paddedOutChannels) =>
        Math.Max(12, StripBytes / (16 * sizeof(float) * (inChannels + paddedOutChannels)) / 12 * 12);

    /// <param name="statistics">When given, gathers the output's channel statistics strip by strip as they are written.</param>
    public static FeatureMap Apply(FeatureMap input, WinogradWeights weights, FeatureMap output, int threads = 1,
        ChannelStatistics.Accumulator? statistics = null)
    {
        int ci = input.Channels, h = input.Height, w = input.Width;
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != h || output.Width != w || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {h}x{w}x{weights.OutChannels}.");
        int tilesAcross = (w + 1) / 2, tileRows = (h + 1) / 2;
        int tiles = tilesAcross * tileRows;
        int cop = weights.PaddedOutChannels;
        int stripTiles = StripTiles(ci, cop);
        int jobs = (tiles + stripTiles - 1) / stripTiles;

        void Strip(int job)
        {
            int first = job * stripTiles;
            int count = Math.Min(stripTiles, tiles - first);
            float[] v = ArrayPool<float>.Shared.Rent(16 * count * ci);
            float[] m = ArrayPool<float>.Shared.Rent(16 * count * cop);
            fixed (float* source = input.Data)
            fixed (float* vp = v)
            fixed (float* mp = m)
            fixed (float* u = weights.Transformed)
            fixed (float* result = output.Data)
            {
                InputTransform(source, h, w, ci, tilesAcross, first, count, vp);
                int tap = 0;
                for (int t = 0; t < 16; t++)
                {
                    TapGemm.Run(TapGemm.Rows(vp + (long)t * count * ci, ci, &tap, 1, ci,
                        u + (long)t * ci * cop, cop, mp + (long)t * count * cop, cop, count));
                }
                OutputTransform(mp, count, cop, tilesAcross, first, result, h, w, output.Channels);
                if (statistics != null) AddWritten(statistics, result, h, w, output.Channels, tilesAcross, first, count);
            }
            ArrayPool<float>.Shared.Return(v);
            ArrayPool<float>.Shared.Return(m);
        }

        if (threads <= 1 || jobs == 1)
        {
            for (int j = 0; j < jobs; j++) Strip(j);
        }
        else
        {
            Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = threads }, Strip);
        }
        return output;
    }

    /// <summary>Adds the output pixels of tiles <paramref name="first"/> onward: two rows of each tile row they span.</summary>
    private static void AddWritten(ChannelStatistics.Accumulator statistics, float* output, int h, int w, int co, int tilesAcross, int first, int count)
    {
        for (int tile = first, end = first + count; tile < end;)
        {
            int ty = tile / tilesAcross, tx = tile % tilesAcross;
            int run = Math.Min(end - tile, tilesAcross - tx);
            int x0 = 2 * tx, x1 = Math.Min(w, 2 * (tx + run));
            for (int y = 2 * ty; y < Math.Min(h, 2 * ty + 2); y++)
                statistics.Add(new ReadOnlySpan<float>(output + ((long)y * w + x0) * co, (x1 - x0) * co));
            tile += run;
        }
    }

    private static void InputTransform(float* input, int h, int w, int ci, int tilesAcross, int first, int count, float* v)
    {
        int lanes = SimdPaths.WidestFor(ci);
        switch (lanes)
        {
            case 16: InputTransform<Simd512>(input, h, w, ci, tilesAcross, first, count, v); break;
            case 8: InputTransform<Simd256>(input, h, w, ci, tilesAcross, first, count, v); break;
            case 4: InputTransform<Simd128>(input, h, w, ci, tilesAcross, first, count, v); break;
            default: InputTransform<SimdScalar>(input, h, w, ci, tilesAcross, first, count, v); break;
        }
    }

    private static void InputTransform<T>(float* input, int h, int w, int ci, int tilesAcross, int first, int count, float* v)
        where T : unmanaged, ISimd<T>
    {
        float** rows = stackalloc float*[4];
        int* cols = stackalloc int[4];
        long plane = (long)count * ci;
        int ty = -1;
        for (int i = 0; i < count; i++)
        {
            int tile = first + i, tx = tile % tilesAcross;
            if (tile / tilesAcross != ty)
            {
                // Padded row 2ty + r is input row 2ty + r - 1, reflected; likewise for columns.
                ty = tile / tilesAcross;
                for (int r = 0; r < 4; r++) rows[r] = input + (long)ReflectIndex.Fold(2 * ty + r - 1, h) * w * ci;
            }
            for (int c = 0; c < 4; c++) cols[c] = ReflectIndex.Fold(2 * tx + c - 1, w) * ci;
            float* dst = v + (long)i * ci;
            for (int ch = 0; ch < ci; ch += T.Count)
            {
                // t = d B, row by row; then V = B^T t, column by column.
                T t00, t01, t02, t03, t10, t11, t12, t13, t20, t21, t22, t23, t30, t31, t32, t33;
                RowTransform<T>(rows[0], cols, ch, out t00, out t01, out t02, out t03);
                RowTransform<T>(rows[1], cols, ch, out t10, out t11, out t12, out t13);
                RowTransform<T>(rows[2], cols, ch, out t20, out t21, out t22, out t23);
                RowTransform<T>(rows[3], cols, ch, out t30, out t31, out t32, out t33);
                float* o = dst + ch;
                T.Store(T.Subtract(t00, t20), o); T.Store(T.Subtract(t01, t21), o + plane);
                T.Store(T.Subtract(t02, t22), o + 2 * plane); T.Store(T.Subtract(t03, t23), o + 3 * plane);
                T.Store(T.Add(t10, t20), o + 4 * plane); T.Store(T.Add(t11, t21), o + 5 * plane);
                T.Store(T.Add(t12, t22), o + 6 * plane); T.Store(T.Add(t13, t23), o + 7 * plane);
                T.Store(T.Subtract(t20, t10), o + 8 * plane); T.Store(T.Subtract(t21, t11), o + 9 * plane);
                T.Store(T.Subtract(t22, t12), o + 10 * plane); T.Store(T.Subtract(t23, t13), o + 11 * plane);
                T.Store(T.Subtract(t10, t30), o + 12 * plane); T.Store(T.Subtract(t11, t31), o + 13 * plane);
                T.Store(T.Subtract(t12, t32), o + 14 * plane); T.Store(T.Subtract(t13, t33), o + 15 * plane);
            }
        }
    }

    private static void RowTransform<T>(float* row, int* cols, int ch, out T o0, out T o1, out T o2, out T o3)
        where T : unmanaged, ISimd<T>
    {
        T d0 = T.Load(row + cols[0] + ch), d1 = T.Load(row + cols[1] + ch);
        T d2 = T.Load(row + cols[2] + ch), d3 = T.Load(row + cols[3] + ch);
        o0 = T.Subtract(d0, d2);
        o1 = T.Add(d1, d2);
        o2 = T.Subtract(d2, d1);
        o3 = T.Subtract(d1, d3);
    }

    private static void OutputTransform(float* m, int count, int cop, int tilesAcross, int first, float* output, int h, int w, int co)
    {
        int lanes = SimdPaths.WidestFor(co);
        switch (lanes)
        {
            case 16: OutputTransform<Simd512>(m, count, cop, tilesAcross, first, output, h, w, co); break;
            case 8: OutputTransform<Simd256>(m, count, cop, tilesAcross, first, output, h, w, co); break;
            case 4: OutputTransform<Simd128>(m, count, cop, tilesAcross, first, output, h, w, co); break;
            default: OutputTransform<SimdScalar>(m, count, cop, tilesAcross, first, output, h, w, co); break;
        }
    }

    private static void OutputTransform<T>(float* m, int count, int cop, int tilesAcross, int first, float* output, int h, int w, int co)
        where T : unmanaged, ISimd<T>
    {
        long plane = (long)count * cop;
        for (int i = 0; i < count; i++)
        {
            int tile = first + i;
            int y0 = 2 * (tile / tilesAcross), x0 = 2 * (tile % tilesAcross);
            bool secondRow = y0 + 1 < h;
            bool secondColumn = x0 + 1 < w;
            float* out00 = output + ((long)y0 * w + x0) * co;
            float* out10 = out00 + (long)w * co;
            for (int ch = 0; ch < co; ch += T.Count)
            {
                float* s = m + (long)i * cop + ch;
                // s_r = m0r + m1r + m2r and m1r - m2r - m3r for each column r; then the same along the row.
                T a0 = T.Add(T.Add(T.Load(s), T.Load(s + 4 * plane)), T.Load(s + 8 * plane));
                T a1 = T.Add(T.Add(T.Load(s + plane), T.Load(s + 5 * plane)), T.Load(s + 9 * plane));
                T a2 = T.Add(T.Add(T.Load(s + 2 * plane), T.Load(s + 6 * plane)), T.Load(s + 10 * plane));
                T a3 = T.Add(T.Add(T.Load(s + 3 * plane), T.Load(s + 7 * plane)), T.Load(s + 11 * plane));
                T b0 = T.Subtract(T.Subtract(T.Load(s + 4 * plane), T.Load(s + 8 * plane)), T.Load(s + 12 * plane));
                T b1 = T.Subtract(T.Subtract(T.Load(s + 5 * plane), T.Load(s + 9 * plane)), T.Load(s + 13 * plane));
                T b2 = T.Subtract(T.Subtract(T.Load(s + 6 * plane), T.Load(s + 10 * plane)), T.Load(s + 14 * plane));
                T b3 = T.Subtract(T.Subtract(T.Load(s + 7 * plane), T.Load(s + 11 * plane)), T.Load(s + 15 * plane));
                T.Store(T.Add(T.Add(a0, a1), a2), out00 + ch);
                if (secondColumn) T.Store(T.Subtract(T.Subtract(a1, a2), a3), out00 + co + ch);
                if (secondRow)
                {
                    T.Store(T.Add(T.Add(b0, b1), b2), out10 + ch);
                    if (secondColumn) T.Store(T.Subtract(T.Subtract(b1, b2), b3), out10 + co + ch);
                }
            }
        }
    }
}
