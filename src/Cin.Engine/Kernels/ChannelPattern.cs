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
