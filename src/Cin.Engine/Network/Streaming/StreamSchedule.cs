namespace Cin.Engine.Network.Streaming;

/// <summary>A map of the streamed run: the framed input (map 0) or a layer's output, and its rows per input row.</summary>
/// <param name="Scale">Input rows per row of this map (1 at full resolution, 2 after one stride of 2, ...).</param>
internal sealed record StreamMap(int Id, int Height, int Width, int Channels, int Scale)
{
    public long Bytes => (long)Height * Width * Channels * sizeof(float);
    public int RowLength => Width * Channels;
}

internal enum StreamOpKind
{
    /// <summary>A layer over every band: reads <see cref="StreamOp.Input"/> normalized, stores <see cref="StreamOp.Output"/> before its norm.</summary>
    Convolve,

    /// <summary>A residual block's end: Output = norm(Output) + Input, in place, band by band.</summary>
    AddSkip,

    /// <summary>The last map, normalized, cropped to the source, handed to the sink top to bottom.</summary>
    Emit,

    /// <summary>The map is read no more.</summary>
    Release,
}

internal sealed record StreamOp(StreamOpKind Kind, ConvLayer? Layer, int Input, int Output);

/// <summary>
/// The streamed run's order of work, as data: layer-major, each layer over every band before the next one starts,
/// since a layer's norm needs statistics over its whole output. Built from <see cref="StyleNetwork.Steps"/> in the
/// order the generated Forward runs them.
/// </summary>
internal sealed class StreamSchedule
{
    private StreamSchedule(IReadOnlyList<StreamMap> maps, IReadOnlyList<StreamOp> ops)
    {
        Maps = maps;
        Ops = ops;
    }

    public IReadOnlyList<StreamMap> Maps { get; }
    public IReadOnlyList<StreamOp> Ops { get; }

    /// <summary>The convolution that makes <paramref name="map"/> (null for the input).</summary>
    public StreamOp? Producer(int map) => Ops.FirstOrDefault(op => op.Kind == StreamOpKind.Convolve && op.Output == map);

    /// <summary>
    /// Whether <paramref name="map"/> can be made again, band by band, by its reader instead of being stored: one
    /// convolution alone reads it, and no residual sum is added into it in place. It is made from the photo, which the
    /// row source gives again at no cost, or from a stored map, which is then kept until the reader is done. The first
    /// layer's full-resolution map and the last upsampling layer's are a run's largest: making one twice costs its
    /// layer once more, where storing it writes and reads it all, and spilling it also makes the spill file larger.
    /// </summary>
    public bool IsRecomputable(int map) =>
        Producer(map) is not null
        && Ops.Count(op => op.Kind is StreamOpKind.Convolve or StreamOpKind.AddSkip or StreamOpKind.Emit && op.Input == map) == 1
        && Ops.Any(op => op.Kind == StreamOpKind.Convolve && op.Input == map)
        && !Ops.Any(op => op.Kind == StreamOpKind.AddSkip && op.Output == map);

    public static StreamSchedule For(StyleNetwork network, int height, int width)
    {
        var maps = new List<StreamMap> { new(0, height, width, 3, 1) };
        var ops = new List<StreamOp>();
        int current = 0;

        int Convolve(ConvLayer layer, int input)
        {
            var from = maps[input];
            if (from.Channels != layer.InChannels)
                throw new InvalidOperationException($"{layer.Name} takes {layer.InChannels} channels; its input has {from.Channels}.");
            int scaled = from.Scale * layer.Stride;
            if (scaled % layer.Upsample != 0)
                throw new NotSupportedException($"{layer.Name}: a map finer than the network's input cannot be streamed.");
            var to = new StreamMap(maps.Count, layer.OutputSize(from.Height), layer.OutputSize(from.Width), layer.OutChannels, scaled / layer.Upsample);
            if (to.Height * to.Scale != height)
                throw new NotSupportedException($"{layer.Name}: its output rows do not line up with the input's ({to.Height} x {to.Scale} != {height}).");
            maps.Add(to);
            ops.Add(new StreamOp(StreamOpKind.Convolve, layer, input, to.Id));
            return to.Id;
        }

        void Release(int map)
        {
            if (map != 0) ops.Add(new StreamOp(StreamOpKind.Release, null, map, map));
        }

        foreach (var step in network.Steps)
        {
            if (!step.IsResidual)
            {
                int output = Convolve(step.First, current);
                Release(current);
                current = output;
                continue;
            }
            int inner = Convolve(step.First, current);
            int sum = Convolve(step.Second!, inner);
            Release(inner);
            ops.Add(new StreamOp(StreamOpKind.AddSkip, step.Second, current, sum));
            Release(current);
            current = sum;
        }
        if (maps[current].Channels != 3 || maps[current].Scale != 1)
            throw new NotSupportedException("The network's last map is not RGB at the input's size.");
        ops.Add(new StreamOp(StreamOpKind.Emit, null, current, current));
        Release(current);
        return new StreamSchedule(maps, ops);
    }

    /// <summary>
    /// What a layer reads and computes for output rows [<paramref name="start"/>, <paramref name="end"/>): the input
    /// rows, with the halo its kernel reaches, and the output rows the kernel gives for them, which begin at
    /// <c>OutputFirst</c>. The kernel reflects at the band's edges as if they were the map's, so output rows whose taps
    /// cross an edge that is not the map's are wrong: the halo is wide enough that those all lie outside [start, end).
    /// </summary>
    public static (int InputStart, int InputEnd, int OutputFirst, int OutputCount) LayerBand(ConvLayer layer, int inputHeight, int start, int end)
    {
        int k = layer.Kernel, s = layer.Stride, up = layer.Upsample, pad = k / 2;
        // Rows of the upsampled input that output rows [start, end) read: y*s - pad .. (end-1)*s - pad + k - 1.
        int first = FloorDiv(start * s - pad, up);
        if (s > 1)
        {
            if (up != 1) throw new NotSupportedException($"{layer.Name}: a stride with upsampling cannot be streamed.");
            // The band's output rows must fall on the map's stride grid.
            first = FloorDiv(first, s) * s;
        }
        // Winograd computes tiles of three rows from the band's first row, and a 9x9 kernel's three sub-kernel rows
        // turn with the tile row: starting bands on the map's own grid of tiles and turns gives every tile the same
        // arithmetic, and so the same rounding, as the whole-map run. Twice that keeps the start even too, for a
        // stride-2 reader of a map made again (BandedRun reads that band where it is made).
        if (layer.Algorithm == Kernels.ConvAlgorithm.Winograd)
        {
            int grid = 2 * 3 * Math.Max(1, k / 3);
            first = FloorDiv(first, grid) * grid;
        }
        int inputStart = Math.Max(0, first);
        int inputEnd = Math.Min(inputHeight, CeilDiv((end - 1) * s - pad + k, up));
        int outputFirst = inputStart * up / s;
        int outputCount = layer.OutputSize(inputEnd - inputStart);
        if (outputFirst > start || outputFirst + outputCount < end)
            throw new InvalidOperationException($"{layer.Name}: a band's input rows {inputStart}..{inputEnd} do not give output rows {start}..{end}.");
        return (inputStart, inputEnd, outputFirst, outputCount);
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => FloorDiv(a + b - 1, b);
}
