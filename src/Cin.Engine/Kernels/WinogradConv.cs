using System.Buffers;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// A stride-1 convolution with a 3x3 or 9x9 kernel by Winograd F(3x3, 3x3): each 3x3 block of output pixels costs 25
/// multiplies per 3x3 (sub-)kernel and channel pair instead of 81, a 3.24x saving. A 9x9 kernel is nine 3x3
/// sub-kernels, sub-kernel (a, b) reading the input 3a rows down and 3b columns across; on the grid of 3x3 output tiles
/// those shifts are whole tiles, so all nine share one set of input transforms.
/// <list type="number">
/// <item>Input transform <c>V = B^T d B</c> of each 5x5 patch at a multiple of three, one tile row at a time, into a
/// ring of one slot per sub-kernel row, interleaved per tile, [25][tile][slot][in]: the tile rows an output tile row
/// reads then sit side by side, each transformed once per band of output rows.</item>
/// <item>For a segment of output tiles, 25 GEMMs (one per grid position), each row a tile and its depth the values
/// (tiles across by slots by input channels) that lie contiguous in the ring. Which slot holds which sub-kernel row
/// turns with the output row, and the weights are stored once per turn to match.</item>
/// <item>Output transform <c>Y = A^T M A</c>, with a tile's 25 products side by side, written with the channel
/// statistics gathered row by row.</item>
/// </list>
/// The reflect padding is done by indexing, and edge tiles that hang past the output write only their valid pixels.
/// The interpolation points are 0, 1, -1, 2 and infinity: the largest coefficient is 4, and the network's outputs stay
/// as close to a float64 reference as ONNX Runtime's (see the network tests).
/// </summary>
public static unsafe class WinogradConv
{
    /// <summary>Positions in the 5x5 transform grid.</summary>
    private const int Points = 25;

    /// <summary>
    /// The products of one segment (M) are kept to this many bytes, so that they, the ring of transformed inputs
    /// and the transformed weights stay in a core's L2 cache together.
    /// </summary>
    private const int SegmentBytes = 512 * 1024;

    /// <summary>Output tiles per segment: a multiple of twelve (the tallest GEMM block) that keeps M within <see cref="SegmentBytes"/>.</summary>
    internal static int SegmentTiles(int paddedOutChannels) =>
        Math.Max(12, SegmentBytes / (Points * sizeof(float) * paddedOutChannels) / 12 * 12);

    /// <param name="statistics">When given, gathers the output's channel statistics row by row as they are written.</param>
    public static FeatureMap Apply(FeatureMap input, WinogradWeights weights, FeatureMap output, int threads = 1,
        ChannelStatistics.Accumulator? statistics = null) =>
        Apply<Simd512>(input, weights, output, threads, statistics);

    /// <summary>The same, each step on the widest strategy no wider than <typeparamref name="TWidest"/> that fits it.</summary>
    internal static FeatureMap Apply<TWidest>(FeatureMap input, WinogradWeights weights, FeatureMap output, int threads,
        ChannelStatistics.Accumulator? statistics)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int ci = input.Channels, h = input.Height, w = input.Width;
        if (ci != weights.InChannels) throw new ArgumentException($"The input has {ci} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != h || output.Width != w || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {h}x{w}x{weights.OutChannels}.");
        int tileRows = (h + 2) / 3;
        // Each band transforms two tile rows beyond its own, so bands are kept a few per thread: enough to even out
        // the threads' finishing times, few enough that the overlap stays small.
        int bands = threads <= 1 ? 1 : Math.Min(tileRows, 4 * threads);
        RowParallel.For(bands, threads, band =>
        {
            int first = (int)((long)tileRows * band / bands), end = (int)((long)tileRows * (band + 1) / bands);
            RunBand<TWidest>(input, weights, output, first, end, statistics);
        });
        return output;
    }

    private static void RunBand<TWidest>(FeatureMap input, WinogradWeights weights, FeatureMap output, int firstTileRow, int endTileRow,
        ChannelStatistics.Accumulator? statistics)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        // h and w are the output's; ih and iw the input's, the same here, which the reads are folded into (the reflect
        // padding).
        int ci = input.Channels, h = output.Height, w = output.Width, co = output.Channels, cop = weights.PaddedOutChannels;
        int ih = input.Height, iw = input.Width;
        int blocks = weights.Blocks, pad = weights.Kernel / 2;
        int tilesAcross = (w + 2) / 3;
        // A tile row of V reaches blocks - 1 tiles past the last output tile, for the column shifts b.
        int across = tilesAcross + blocks - 1;
        int rowLength = across * ci;
        int segment = SegmentTiles(cop);
        // A 3x3 kernel reads one tile row per output tile row, so several tile rows are transformed at a time, side by
        // side, and the GEMMs run over whole segments of them; a 9x9 kernel's ring turns one tile row at a time.
        int rowsPerPass = blocks == 1 ? Math.Max(1, (segment + tilesAcross - 1) / tilesAcross) : 1;
        // Floats between grid positions in the ring.
        int pointStride = blocks == 1 ? rowsPerPass * rowLength : blocks * rowLength;
        float[] ring = ArrayPool<float>.Shared.Rent(Points * pointStride);
        float[] rowTransforms = ArrayPool<float>.Shared.Rent(2 * Points * rowLength);
        float[] products = ArrayPool<float>.Shared.Rent(Points * segment * cop);
        int[] columns = ArrayPool<int>.Shared.Rent(3 * across + 2);
        for (int x = 0; x < 3 * across + 2; x++) columns[x] = ReflectIndex.Fold(x - pad, iw) * ci;
        fixed (float* source = input.Data)
        fixed (float* ringBase = ring)
        fixed (float* scratch = rowTransforms)
        fixed (float* m = products)
        fixed (float* u = weights.Transformed)
        fixed (float* result = output.Data)
        fixed (int* cols = columns)
        {
            int tap = 0;
            for (int p = firstTileRow; p < firstTileRow + blocks - 1; p++)
                TransformTileRow<TWidest>(source, ih, iw, ci, pad, blocks, cols, across, p, scratch, ringBase, pointStride);
            for (int ty = firstTileRow; ty < endTileRow; ty += rowsPerPass)
            {
                // A band is a quarter of a thread's share of the layer: long at large sizes. (A cancelled band's
                // pooled buffers are left to the collector.)
                RowParallel.ThrowIfCancellationRequested();
                int passRows = Math.Min(rowsPerPass, endTileRow - ty);
                if (blocks == 1)
                {
                    for (int j = 0; j < passRows; j++)
                        TransformTileRow<TWidest>(source, ih, iw, ci, pad, blocks, cols, across, ty + j, scratch, ringBase + (long)j * rowLength, pointStride);
                }
                else
                {
                    TransformTileRow<TWidest>(source, ih, iw, ci, pad, blocks, cols, across, ty + blocks - 1, scratch, ringBase, pointStride);
                }
                float* turn = u + (long)(ty % blocks) * weights.TurnLength;
                int tiles = passRows * tilesAcross;
                for (int first = 0; first < tiles; first += segment)
                {
                    int count = Math.Min(segment, tiles - first);
                    for (int t = 0; t < Points; t++)
                    {
                        TapGemm.RunAtMost<TWidest>(TapGemm.Rows(ringBase + (long)t * pointStride + (long)first * blocks * ci, blocks * ci, &tap, 1,
                            blocks * blocks * ci, turn + (long)t * weights.PointLength, cop, m + (long)t * cop, Points * cop, count));
                    }
                    var outputPass = new OutputTransformKernel(m, count, cop, tilesAcross, ty * tilesAcross + first, result, h, w, co);
                    SimdDispatch.Run<OutputTransformKernel, TWidest>(co, ref outputPass);
                }
                if (statistics != null)
                    for (int y = 3 * ty; y < Math.Min(h, 3 * (ty + passRows)); y++)
                        statistics.Add(new ReadOnlySpan<float>(result + (long)y * w * co, w * co));
            }
        }
        ArrayPool<float>.Shared.Return(ring);
        ArrayPool<float>.Shared.Return(rowTransforms);
        ArrayPool<float>.Shared.Return(products);
        ArrayPool<int>.Shared.Return(columns);
    }

    /// <summary>
    /// V for tile row <paramref name="tileRow"/> into its slot of the ring: each 5x5 patch's rows transformed along
    /// the row first (<c>d B</c>, [5 rows][5][across][ci] in <paramref name="scratch"/>), then down the columns into
    /// [25][across][ci] after them, then spread into the ring's slot.
    /// </summary>
    private static void TransformTileRow<TWidest>(float* input, int h, int w, int ci, int pad, int blocks, int* cols, int across, int tileRow, float* scratch, float* ring,
        int pointStride)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int rowLength = across * ci;
        var rowPass = new RowTransformKernel(input, h, w, ci, pad, cols, across, tileRow, scratch);
        SimdDispatch.Run<RowTransformKernel, TWidest>(ci, ref rowPass);
        // With one slot, V goes straight into the ring; with three, it is spread into its slot after.
        float* v = blocks == 1 ? ring : scratch + (long)Points * rowLength;
        int vStride = blocks == 1 ? pointStride : rowLength;
        // The column pass runs along whole rows of transforms, with a scalar tail: any width serves.
        var columnPass = new ColumnTransformKernel(scratch, rowLength, v, vStride);
        SimdDispatch.RunWidest<ColumnTransformKernel, TWidest>(ref columnPass);
        if (blocks == 1) return;
        int slot = tileRow % blocks;
        for (int t = 0; t < Points; t++)
        {
            float* from = v + (long)t * rowLength;
            float* to = ring + (long)t * pointStride + slot * ci;
            for (int q = 0; q < across; q++, from += ci, to += blocks * ci)
                for (int c = 0; c < ci; c++) to[c] = from[c];
        }
    }

    /// <summary>
    /// <c>d B</c> for the five patch rows of tile row <paramref name="tileRow"/>: [5 rows][5][across][ci] in
    /// <paramref name="rowT"/>, the channels as the vector axis (one lane at a time when they are not whole vectors).
    /// </summary>
    private static void RowTransform<T>(float* input, int h, int w, int ci, int pad, int* cols, int across, int tileRow, float* rowT)
        where T : unmanaged, ISimd<T>
    {
        int rowLength = across * ci;
        T two = T.Broadcast(2), minusTwo = T.Broadcast(-2), minusThree = T.Broadcast(-3);
        for (int r = 0; r < 5; r++)
        {
            // Padded row 3 * tileRow + r is input row 3 * tileRow + r - pad, reflected.
            float* src = input + (long)ReflectIndex.Fold(3 * tileRow + r - pad, h) * w * ci;
            float* o = rowT + (long)r * 5 * rowLength;
            for (int q = 0; q < across; q++)
            {
                int* x = cols + 3 * q;
                float* s0 = src + x[0], s1 = src + x[1], s2 = src + x[2], s3 = src + x[3], s4 = src + x[4];
                float* at = o + q * ci;
                for (int c = 0; c < ci; c += T.Count)
                    TransformInput(T.Load(s0 + c), T.Load(s1 + c), T.Load(s2 + c), T.Load(s3 + c), T.Load(s4 + c),
                        two, minusTwo, minusThree, at + c, rowLength);
            }
        }
    }

    /// <summary>
    /// B^T applied down the five patch rows, for each of the five row-transformed columns: contiguous spans, written
    /// <paramref name="pointStride"/> floats apart per grid position.
    /// </summary>
    private static void ColumnTransform<T>(float* rowT, int rowLength, float* v, int pointStride) where T : unmanaged, ISimd<T>
    {
        T two = T.Broadcast(2), minusTwo = T.Broadcast(-2), minusThree = T.Broadcast(-3);
        SimdScalar scalarTwo = SimdScalar.Broadcast(2), scalarMinusTwo = SimdScalar.Broadcast(-2), scalarMinusThree = SimdScalar.Broadcast(-3);
        long stride = 5L * rowLength;
        for (int k = 0; k < 5; k++)
        {
            float* e = rowT + (long)k * rowLength;
            float* v0 = v + (long)k * pointStride;
            int i = 0;
            for (; i + T.Count <= rowLength; i += T.Count)
                TransformInput(T.Load(e + i), T.Load(e + stride + i), T.Load(e + 2 * stride + i), T.Load(e + 3 * stride + i), T.Load(e + 4 * stride + i),
                    two, minusTwo, minusThree, v0 + i, 5L * pointStride);
            for (; i < rowLength; i++)
                TransformInput(SimdScalar.Load(e + i), SimdScalar.Load(e + stride + i), SimdScalar.Load(e + 2 * stride + i),
                    SimdScalar.Load(e + 3 * stride + i), SimdScalar.Load(e + 4 * stride + i),
                    scalarTwo, scalarMinusTwo, scalarMinusThree, v0 + i, 5L * pointStride);
        }
    }

    /// <summary>
    /// B^T applied to five values along one side of a patch, the results stored <paramref name="stride"/> floats
    /// apart. B^T's rows are (2,-1,-2,1,0), (0,-2,-1,1,0), (0,2,-3,1,0), (0,-1,0,1,0) and (0,2,-1,-2,1).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void TransformInput<T>(T d0, T d1, T d2, T d3, T d4, T two, T minusTwo, T minusThree, float* o, long stride)
        where T : unmanaged, ISimd<T>
    {
        T.Store(T.MultiplyAdd(two, T.Subtract(d0, d2), T.Subtract(d3, d1)), o);
        T.Store(T.MultiplyAdd(minusTwo, d1, T.Subtract(d3, d2)), o + stride);
        T.Store(T.MultiplyAdd(two, d1, T.MultiplyAdd(minusThree, d2, d3)), o + 2 * stride);
        T.Store(T.Subtract(d3, d1), o + 3 * stride);
        T.Store(T.MultiplyAdd(two, T.Subtract(d1, d3), T.Subtract(d4, d2)), o + 4 * stride);
    }

    private readonly struct RowTransformKernel(float* input, int h, int w, int ci, int pad, int* cols, int across, int tileRow, float* rowT)
        : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => RowTransform<T>(input, h, w, ci, pad, cols, across, tileRow, rowT);
    }

    private readonly struct ColumnTransformKernel(float* rowT, int rowLength, float* v, int pointStride) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => ColumnTransform<T>(rowT, rowLength, v, pointStride);
    }

    private readonly struct OutputTransformKernel(float* m, int count, int cop, int tilesAcross, int first, float* output, int h, int w, int co)
        : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => OutputTransform<T>(m, count, cop, tilesAcross, first, output, h, w, co);
    }

    /// <summary>
    /// Y = A^T M A for tiles <paramref name="first"/> onward (counted across tile rows, <paramref name="tilesAcross"/>
    /// to a row). A^T's rows are (1,1,1,1,0), (0,1,-1,2,0)
    /// and (0,1,1,4,1): each grid column k is reduced down its five rows to three, which are added straight into the
    /// nine outputs with column k's coefficients.
    /// </summary>
    private static void OutputTransform<T>(float* m, int count, int cop, int tilesAcross, int first, float* output, int h, int w, int co)
        where T : unmanaged, ISimd<T>
    {
        long rowStride = (long)w * co;
        T two = T.Broadcast(2), four = T.Broadcast(4);
        for (int i = 0; i < count; i++)
        {
            int tile = first + i;
            int y0 = 3 * (tile / tilesAcross), x0 = 3 * (tile % tilesAcross);
            int rows = Math.Min(3, h - y0), columns = Math.Min(3, w - x0);
            float* corner = output + ((long)y0 * w + x0) * co;
            for (int ch = 0; ch < co; ch += T.Count)
            {
                float* s = m + (long)i * Points * cop + ch;
                Reduce<T>(s, cop, 0, two, four, out T r00, out T r10, out T r20);
                Reduce<T>(s, cop, 1, two, four, out T r01, out T r11, out T r21);
                T y00 = T.Add(r00, r01), y10 = T.Add(r10, r11), y20 = T.Add(r20, r21);
                T y01 = r01, y11 = r11, y21 = r21;
                T y02 = r01, y12 = r11, y22 = r21;
                Reduce<T>(s, cop, 2, two, four, out T r02, out T r12, out T r22);
                y00 = T.Add(y00, r02); y10 = T.Add(y10, r12); y20 = T.Add(y20, r22);
                y01 = T.Subtract(y01, r02); y11 = T.Subtract(y11, r12); y21 = T.Subtract(y21, r22);
                y02 = T.Add(y02, r02); y12 = T.Add(y12, r12); y22 = T.Add(y22, r22);
                Reduce<T>(s, cop, 3, two, four, out T r03, out T r13, out T r23);
                y00 = T.Add(y00, r03); y10 = T.Add(y10, r13); y20 = T.Add(y20, r23);
                y01 = T.MultiplyAdd(two, r03, y01); y11 = T.MultiplyAdd(two, r13, y11); y21 = T.MultiplyAdd(two, r23, y21);
                y02 = T.MultiplyAdd(four, r03, y02); y12 = T.MultiplyAdd(four, r13, y12); y22 = T.MultiplyAdd(four, r23, y22);
                Reduce<T>(s, cop, 4, two, four, out T r04, out T r14, out T r24);
                y02 = T.Add(y02, r04); y12 = T.Add(y12, r14); y22 = T.Add(y22, r24);

                float* o = corner + ch;
                Store3<T>(o, co, columns, y00, y01, y02);
                if (rows > 1) Store3<T>(o + rowStride, co, columns, y10, y11, y12);
                if (rows > 2) Store3<T>(o + 2 * rowStride, co, columns, y20, y21, y22);
            }
        }
    }

    /// <summary>Grid column <paramref name="k"/> down its five rows, by A^T's three rows.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Reduce<T>(float* s, int cop, int k, T two, T four, out T r0, out T r1, out T r2) where T : unmanaged, ISimd<T>
    {
        T m1 = T.Load(s + (5 + k) * cop), m2 = T.Load(s + (10 + k) * cop), m3 = T.Load(s + (15 + k) * cop);
        T sum = T.Add(m1, m2);
        r0 = T.Add(T.Add(T.Load(s + k * cop), m3), sum);
        r1 = T.MultiplyAdd(two, m3, T.Subtract(m1, m2));
        r2 = T.Add(T.MultiplyAdd(four, m3, sum), T.Load(s + (20 + k) * cop));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Store3<T>(float* o, int co, int columns, T v0, T v1, T v2) where T : unmanaged, ISimd<T>
    {
        T.Store(v0, o);
        if (columns > 1) T.Store(v1, o + co);
        if (columns > 2) T.Store(v2, o + 2 * co);
    }
}
