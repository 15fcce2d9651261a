using System.Buffers;
using System.Runtime.CompilerServices;
using Cin.Engine.Simd;

namespace Cin.Engine.Kernels;

/// <summary>
/// A 3x3 stride-1 convolution by Winograd F(4x4, 3x3): each 4x4 block of output pixels costs 36 multiplies per channel
/// pair instead of 144, a 4x saving, against F(3x3, 3x3)'s 3.24x (<see cref="WinogradConv"/>). On the map sizes the
/// learner's backward passes and loss network run (32x32 to 132x132), it multiplies 19 to 36% less than F(3x3) once
/// the edge tiles are counted. It runs the training paths only (the data gradients and the loss network), so a
/// stylized image keeps the bits of <see cref="WinogradConv"/>.
/// <list type="number">
/// <item>Input transform <c>V = B^T d B</c> of each 6x6 patch at a multiple of four, tile row by tile row, into
/// [36][tile][in]: along the rows into a scratch, then down the columns.</item>
/// <item>For a segment of tiles, 36 GEMMs (one per grid position), each row a tile and its depth the input channels.</item>
/// <item>Output transform <c>Y = A^T M A</c>, written for the tile's pixels that lie inside the map.</item>
/// </list>
/// The reflect padding of one pixel is done by indexing, or the input comes padded already (the feature networks' zero
/// padding). The points are 0, 1, -1, 2, -2 and infinity; the largest coefficient is 8, and the tests hold the result
/// to the direct sum within 2e-5 of the largest output.
/// </summary>
public static unsafe class Winograd4x4Conv
{
    private const int Points = Winograd4x4Weights.Points;

    /// <summary>The products of one segment are kept to this many bytes, so that they and a segment's V stay in L2.</summary>
    private const int SegmentBytes = 512 * 1024;

    /// <summary>Output channels per group, when threads split a layer's channels, are a multiple of the widest vector.</summary>
    private const int ChannelGroupAlignment = 16;

    /// <summary>Output tiles per segment: a multiple of twelve (the tallest GEMM block) that keeps M within <see cref="SegmentBytes"/>.</summary>
    private static int SegmentTiles(int paddedOutChannels) =>
        Math.Max(12, SegmentBytes / (Points * sizeof(float) * paddedOutChannels) / 12 * 12);

    /// <summary>Tiles along a side of <paramref name="size"/> output pixels.</summary>
    internal static int Tiles(int size) => (size + 3) / 4;

    /// <summary>The side an input padded for <see cref="ApplyPadded{TWidest}"/> must reach: whole tiles and the kernel's reach.</summary>
    public static int PaddedSize(int outputSize) => 4 * Tiles(outputSize) + 2;

    /// <summary>The convolution with reflect padding of one pixel; the output has the input's size.</summary>
    /// <param name="statistics">When given, gathers the output's channel statistics row by row as they are written.</param>
    public static FeatureMap Apply(FeatureMap input, Winograd4x4Weights weights, FeatureMap output, int threads = 1,
        ChannelStatistics.Accumulator? statistics = null) =>
        Apply<Simd512>(input, weights, output, threads, statistics);

    /// <summary>The same, each step on the widest strategy no wider than <typeparamref name="TWidest"/> that fits it.</summary>
    internal static FeatureMap Apply<TWidest>(FeatureMap input, Winograd4x4Weights weights, FeatureMap output, int threads,
        ChannelStatistics.Accumulator? statistics)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int h = input.Height, w = input.Width;
        if (input.Channels != weights.InChannels) throw new ArgumentException($"The input has {input.Channels} channels; the kernel expects {weights.InChannels}.");
        if (output.Height != h || output.Width != w || output.Channels != weights.OutChannels)
            throw new ArgumentException($"The output must be {h}x{w}x{weights.OutChannels}.");
        int tileRows = Tiles(h);
        // Bands are kept a few per thread: enough to even out the threads' finishing times; each transforms its own rows.
        int bands = threads <= 1 ? 1 : Math.Min(tileRows, 4 * threads);
        RowParallel.For(bands, threads, band =>
        {
            int first = (int)((long)tileRows * band / bands), end = (int)((long)tileRows * (band + 1) / bands);
            RunBand<TWidest>(input, weights, output, first, end, statistics, pad: 1, 0, output.Channels);
        });
        return output;
    }

    /// <summary>
    /// The convolution over an input already padded one row and column before the map and enough after it to fill the
    /// last tile (at least <see cref="PaddedSize"/> on each side): output pixel (y, x) reads rows y to y + 2 and
    /// columns x to x + 2 of <paramref name="padded"/> as they are.
    /// </summary>
    internal static FeatureMap ApplyPadded<TWidest>(FeatureMap padded, Winograd4x4Weights weights, FeatureMap output, int threads)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        int h = output.Height, w = output.Width, co = output.Channels;
        if (padded.Channels != weights.InChannels) throw new ArgumentException($"The input has {padded.Channels} channels; the kernel expects {weights.InChannels}.");
        if (co != weights.OutChannels) throw new ArgumentException($"The output must have {weights.OutChannels} channels.");
        if (padded.Height < PaddedSize(h) || padded.Width < PaddedSize(w))
            throw new ArgumentException($"A padded input for a {h}x{w} output must be at least {PaddedSize(h)}x{PaddedSize(w)}.", nameof(padded));
        // A feature network's maps are small and wide: one band per thread, so each product has as many tiles as it
        // can; where that leaves a thread fewer than a dozen tiles, the threads split the output channels instead.
        int tileRows = Tiles(h), tiles = tileRows * Tiles(w);
        int bands = Math.Clamp(threads, 1, tileRows), groups = 1;
        if (threads > 1 && tiles / bands < 12 && co % (ChannelGroupAlignment * threads) == 0 && co == weights.PaddedOutChannels)
            (bands, groups) = (1, threads);
        RowParallel.For(bands * groups, threads, job =>
        {
            int band = job / groups, group = job % groups;
            int first = (int)((long)tileRows * band / bands), end = (int)((long)tileRows * (band + 1) / bands);
            int width = co / groups;
            RunBand<TWidest>(padded, weights, output, first, end, statistics: null, pad: 0, group * width, width);
        });
        return output;
    }

    private static void RunBand<TWidest>(FeatureMap input, Winograd4x4Weights weights, FeatureMap output, int firstTileRow, int endTileRow,
        ChannelStatistics.Accumulator? statistics, int pad, int firstChannel, int channelCount)
        where TWidest : unmanaged, ISimd<TWidest>
    {
        // h and w are the output's; ih and iw the input's, which reads are folded into (reflect padding). Pre-padded,
        // every read lies inside the input and the fold leaves it be.
        int ci = input.Channels, h = output.Height, w = output.Width, co = output.Channels, cop = weights.PaddedOutChannels;
        int ih = input.Height, iw = input.Width;
        int across = Tiles(w), rowLength = across * ci;
        int segment = SegmentTiles(cop);
        // Several tile rows are transformed at a time, side by side, so that the GEMMs run over whole segments of them.
        int rowsPerPass = Math.Max(1, (segment + across - 1) / across);
        int pointStride = rowsPerPass * rowLength;
        float[] transformed = ArrayPool<float>.Shared.Rent(Points * pointStride);
        float[] rowTransforms = ArrayPool<float>.Shared.Rent(Points * rowLength);
        float[] products = ArrayPool<float>.Shared.Rent(Points * segment * cop);
        int[] columns = ArrayPool<int>.Shared.Rent(4 * across + 2);
        for (int x = 0; x < 4 * across + 2; x++) columns[x] = ReflectIndex.Fold(x - pad, iw) * ci;
        try
        {
            fixed (float* source = input.Data)
            fixed (float* v = transformed)
            fixed (float* scratch = rowTransforms)
            fixed (float* m = products)
            fixed (float* u = weights.Transformed)
            fixed (float* result = output.Data)
            fixed (int* cols = columns)
            {
                int tap = 0;
                for (int ty = firstTileRow; ty < endTileRow; ty += rowsPerPass)
                {
                    RowParallel.ThrowIfCancellationRequested();
                    int passRows = Math.Min(rowsPerPass, endTileRow - ty);
                    for (int j = 0; j < passRows; j++)
                    {
                        var rowPass = new RowTransformKernel(source, ih, iw, ci, pad, cols, across, ty + j, scratch);
                        SimdDispatch.Run<RowTransformKernel, TWidest>(ci, ref rowPass);
                        var columnPass = new ColumnTransformKernel(scratch, rowLength, v + (long)j * rowLength, pointStride);
                        SimdDispatch.RunWidest<ColumnTransformKernel, TWidest>(ref columnPass);
                    }
                    int tiles = passRows * across;
                    for (int first = 0; first < tiles; first += segment)
                    {
                        int count = Math.Min(segment, tiles - first);
                        for (int t = 0; t < Points; t++)
                        {
                            var product = TapGemm.Rows(v + (long)t * pointStride + (long)first * ci, ci, &tap, 1, ci,
                                u + (long)t * weights.PointLength, cop, m + (long)t * cop, Points * cop, count);
                            if (channelCount != co)
                            {
                                product.B += firstChannel;
                                product.C += firstChannel;
                                product.Columns = channelCount;
                            }
                            TapGemm.RunAtMost<TWidest>(product);
                        }
                        var outputPass = new OutputTransformKernel(m, count, cop, across, ty * across + first, result, h, w, co,
                            firstChannel, firstChannel + channelCount);
                        SimdDispatch.Run<OutputTransformKernel, TWidest>(co, ref outputPass);
                    }
                    if (statistics != null)
                        for (int y = 4 * ty; y < Math.Min(h, 4 * (ty + passRows)); y++)
                            statistics.Add(new ReadOnlySpan<float>(result + (long)y * w * co, w * co));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(transformed);
            ArrayPool<float>.Shared.Return(rowTransforms);
            ArrayPool<float>.Shared.Return(products);
            ArrayPool<int>.Shared.Return(columns);
        }
    }

    /// <summary>
    /// <c>d B</c> for the six patch rows of tile row <paramref name="tileRow"/>: [6 rows][6][across][ci] in
    /// <paramref name="rowT"/>, the channels as the vector axis (one lane at a time when they are not whole vectors).
    /// </summary>
    private static void RowTransform<T>(float* input, int h, int w, int ci, int pad, int* cols, int across, int tileRow, float* rowT)
        where T : unmanaged, ISimd<T>
    {
        int rowLength = across * ci;
        T four = T.Broadcast(4), minusFour = T.Broadcast(-4), minusFive = T.Broadcast(-5), two = T.Broadcast(2);
        for (int r = 0; r < 6; r++)
        {
            float* src = input + (long)ReflectIndex.Fold(4 * tileRow + r - pad, h) * w * ci;
            float* o = rowT + (long)r * 6 * rowLength;
            for (int q = 0; q < across; q++)
            {
                int* x = cols + 4 * q;
                float* s0 = src + x[0], s1 = src + x[1], s2 = src + x[2], s3 = src + x[3], s4 = src + x[4], s5 = src + x[5];
                float* at = o + q * ci;
                for (int c = 0; c < ci; c += T.Count)
                    TransformInput(T.Load(s0 + c), T.Load(s1 + c), T.Load(s2 + c), T.Load(s3 + c), T.Load(s4 + c), T.Load(s5 + c),
                        four, minusFour, minusFive, two, at + c, rowLength);
            }
        }
    }

    /// <summary>B^T down the six patch rows, for each of the six row-transformed columns: V[p * 6 + k] at <paramref name="pointStride"/> apart.</summary>
    private static void ColumnTransform<T>(float* rowT, int rowLength, float* v, int pointStride) where T : unmanaged, ISimd<T>
    {
        T four = T.Broadcast(4), minusFour = T.Broadcast(-4), minusFive = T.Broadcast(-5), two = T.Broadcast(2);
        SimdScalar sFour = SimdScalar.Broadcast(4), sMinusFour = SimdScalar.Broadcast(-4), sMinusFive = SimdScalar.Broadcast(-5), sTwo = SimdScalar.Broadcast(2);
        long stride = 6L * rowLength;
        for (int k = 0; k < 6; k++)
        {
            float* e = rowT + (long)k * rowLength;
            float* v0 = v + (long)k * pointStride;
            int i = 0;
            for (; i + T.Count <= rowLength; i += T.Count)
                TransformInput(T.Load(e + i), T.Load(e + stride + i), T.Load(e + 2 * stride + i), T.Load(e + 3 * stride + i),
                    T.Load(e + 4 * stride + i), T.Load(e + 5 * stride + i), four, minusFour, minusFive, two, v0 + i, 6L * pointStride);
            for (; i < rowLength; i++)
                TransformInput(SimdScalar.Load(e + i), SimdScalar.Load(e + stride + i), SimdScalar.Load(e + 2 * stride + i),
                    SimdScalar.Load(e + 3 * stride + i), SimdScalar.Load(e + 4 * stride + i), SimdScalar.Load(e + 5 * stride + i),
                    sFour, sMinusFour, sMinusFive, sTwo, v0 + i, 6L * pointStride);
        }
    }

    /// <summary>
    /// B^T applied to six values along one side of a patch, the results stored <paramref name="stride"/> floats apart.
    /// B^T's rows are (4,0,-5,0,1,0), (0,-4,-4,1,1,0), (0,4,-4,-1,1,0), (0,-2,-1,2,1,0), (0,2,-1,-2,1,0) and
    /// (0,4,0,-5,0,1); rows 1 and 2, and 3 and 4, share their sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformInput<T>(T d0, T d1, T d2, T d3, T d4, T d5, T four, T minusFour, T minusFive, T two, float* o, long stride)
        where T : unmanaged, ISimd<T>
    {
        T a = T.MultiplyAdd(minusFour, d2, d4);           // d4 - 4 d2
        T b = T.MultiplyAdd(minusFour, d1, d3);           // d3 - 4 d1
        T c = T.Subtract(d4, d2);
        T e = T.Multiply(two, T.Subtract(d3, d1));
        T.Store(T.MultiplyAdd(four, d0, T.MultiplyAdd(minusFive, d2, d4)), o);
        T.Store(T.Add(a, b), o + stride);
        T.Store(T.Subtract(a, b), o + 2 * stride);
        T.Store(T.Add(c, e), o + 3 * stride);
        T.Store(T.Subtract(c, e), o + 4 * stride);
        T.Store(T.MultiplyAdd(four, d1, T.MultiplyAdd(minusFive, d3, d5)), o + 5 * stride);
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

    private readonly struct OutputTransformKernel(float* m, int count, int cop, int across, int first, float* output, int h, int w, int co,
        int firstChannel, int endChannel)
        : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => OutputTransform<T>(m, count, cop, across, first, output, h, w, co, firstChannel, endChannel);
    }

    /// <summary>
    /// Y = A^T M A for tiles <paramref name="first"/> onward (counted across tile rows): each grid column reduced down
    /// its six rows to four (kept on the stack), then each of those four rows across to four pixels.
    /// </summary>
    private static void OutputTransform<T>(float* m, int count, int cop, int across, int first, float* output, int h, int w, int co,
        int firstChannel, int endChannel)
        where T : unmanaged, ISimd<T>
    {
        long rowStride = (long)w * co;
        T two = T.Broadcast(2), four = T.Broadcast(4), eight = T.Broadcast(8);
        T* r = stackalloc T[24];
        for (int i = 0; i < count; i++)
        {
            int tile = first + i;
            int y0 = 4 * (tile / across), x0 = 4 * (tile % across);
            int rows = Math.Min(4, h - y0), columns = Math.Min(4, w - x0);
            float* corner = output + ((long)y0 * w + x0) * co;
            for (int ch = firstChannel; ch < endChannel; ch += T.Count)
            {
                float* s = m + (long)i * Points * cop + ch;
                long down = 6L * cop;
                for (int k = 0; k < 6; k++)
                {
                    float* column = s + k * cop;
                    TransformOutput(T.Load(column), T.Load(column + down), T.Load(column + 2 * down), T.Load(column + 3 * down),
                        T.Load(column + 4 * down), T.Load(column + 5 * down), two, four, eight,
                        out r[k], out r[6 + k], out r[12 + k], out r[18 + k]);
                }
                for (int y = 0; y < rows; y++)
                {
                    T* row = r + 6 * y;
                    TransformOutput(row[0], row[1], row[2], row[3], row[4], row[5], two, four, eight, out T p0, out T p1, out T p2, out T p3);
                    float* o = corner + y * rowStride + ch;
                    T.Store(p0, o);
                    if (columns > 1) T.Store(p1, o + co);
                    if (columns > 2) T.Store(p2, o + 2 * co);
                    if (columns > 3) T.Store(p3, o + 3 * co);
                }
            }
        }
    }

    /// <summary>A^T applied to six values: rows (1,1,1,1,1,0), (0,1,-1,2,-2,0), (0,1,1,4,4,0) and (0,1,-1,8,-8,1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformOutput<T>(T m0, T m1, T m2, T m3, T m4, T m5, T two, T four, T eight, out T y0, out T y1, out T y2, out T y3)
        where T : unmanaged, ISimd<T>
    {
        T sum12 = T.Add(m1, m2), difference12 = T.Subtract(m1, m2);
        T sum34 = T.Add(m3, m4), difference34 = T.Subtract(m3, m4);
        y0 = T.Add(T.Add(m0, sum12), sum34);
        y1 = T.MultiplyAdd(two, difference34, difference12);
        y2 = T.MultiplyAdd(four, sum34, sum12);
        y3 = T.Add(T.MultiplyAdd(eight, difference34, difference12), m5);
    }
}
