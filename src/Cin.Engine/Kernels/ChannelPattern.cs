namespace Cin.Engine.Kernels;

/// <summary>
/// Per-channel values repeated to the least common multiple of the channel count and the vector width, so that a
/// channels-last row can be walked with whole vectors whatever the channel count (3 channels repeat every 24 floats
/// for 8 lanes; 32 channels every 32).
/// </summary>
internal static class ChannelPattern
{
    public const int Lanes = 8;

    public static int Period(int channels) => channels / Gcd(channels, Lanes) * Lanes;

    /// <summary>
    /// Vectors per slab. A kernel that walks a row pattern by pattern (the norm, the statistics) keeps a slab's
    /// per-channel values in registers while it goes down the row, instead of reloading them for every vector.
    /// </summary>
    public const int SlabVectors = 4;

    /// <summary>
    /// The floats a strategy's vector must divide, for <see cref="Simd.SimdDispatch"/>, to walk a pattern of
    /// <paramref name="period"/> floats: when the pattern holds whole slabs of <see cref="Lanes"/>-float vectors (32,
    /// 64 or 128 channels, the large maps), a slab's share of it, so the widest strategy with whole slabs is chosen;
    /// otherwise the pattern itself.
    /// </summary>
    public static int VectorStep(int period) => period % (SlabVectors * Lanes) == 0 ? period / SlabVectors : period;

    public static float[] Tile(ReadOnlySpan<float> perChannel)
    {
        var tiled = new float[Period(perChannel.Length)];
        for (int i = 0; i < tiled.Length; i++) tiled[i] = perChannel[i % perChannel.Length];
        return tiled;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
