namespace Cin.Engine.Kernels;

/// <summary>
/// A 9x9 kernel cut into nine 3x3 sub-kernels (kernel rows and columns 3a..3a+2 by 3b..3b+2), each transformed for
/// Winograd F(3x3, 3x3): <c>U_ab = G g_ab G^T</c>, a 5x5 grid per sub-kernel, input and output channel. The kernel
/// keeps transformed input rows in a ring of three slots, so which slot holds sub-kernel row a turns with the output
/// row; the weights are stored once per turn, [turn 3][25][b 3][slot 3][in][paddedOut], so that each grid position
/// is one GEMM whose depth runs over b, the slots and the input channels, as the transformed input lies in memory.
/// </summary>
public sealed class Winograd9x9Weights
{
    /// <summary>
    /// G for F(3x3, 3x3) with interpolation points 0, 1, -1, 2 and infinity. These points keep the largest transform
    /// coefficient at 4, which holds the float rounding near that of the direct sum (see the kernel's tests).
    /// </summary>
    internal static readonly double[,] G =
    {
        { 1.0 / 2, 0, 0 },
        { -1.0 / 2, -1.0 / 2, -1.0 / 2 },
        { -1.0 / 6, 1.0 / 6, -1.0 / 6 },
        { 1.0 / 6, 1.0 / 3, 2.0 / 3 },
        { 0, 0, 1 },
    };

    private Winograd9x9Weights(int inChannels, int outChannels, int paddedOutChannels, float[] transformed)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        PaddedOutChannels = paddedOutChannels;
        Transformed = transformed;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int PaddedOutChannels { get; }
    public float[] Transformed { get; }

    /// <summary>Floats per grid position: three sub-kernel columns by three rows by the input channels, by the padded outputs.</summary>
    internal int PointLength => 9 * InChannels * PaddedOutChannels;

    /// <summary>Floats per turn of the ring: 25 grid positions.</summary>
    internal int TurnLength => 25 * PointLength;

    public static Winograd9x9Weights FromHwio(ReadOnlySpan<float> hwio, int inChannels, int outChannels)
    {
        if (hwio.Length != 81 * inChannels * outChannels)
            throw new ArgumentException($"A 9x9 kernel from {inChannels} to {outChannels} channels has {81 * inChannels * outChannels} weights.", nameof(hwio));
        int padded = ConvWeights.PadOutChannels(outChannels);
        var u = new float[3 * 25 * 9 * inChannels * padded];
        Span<double> g = stackalloc double[9];
        Span<double> gg = stackalloc double[15];
        for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
        for (int ic = 0; ic < inChannels; ic++)
        for (int oc = 0; oc < outChannels; oc++)
        {
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++)
                    g[r * 3 + c] = hwio[(((3 * a + r) * 9 + 3 * b + c) * inChannels + ic) * outChannels + oc];
            // G g: 5x3.
            for (int p = 0; p < 5; p++)
                for (int c = 0; c < 3; c++)
                    gg[p * 3 + c] = G[p, 0] * g[c] + G[p, 1] * g[3 + c] + G[p, 2] * g[6 + c];
            // (G g) G^T: 5x5, stored at grid position p * 5 + q. In turn r, slot s holds sub-kernel row (s - r) mod 3.
            for (int p = 0; p < 5; p++)
            for (int q = 0; q < 5; q++)
            {
                float value = (float)(gg[p * 3] * G[q, 0] + gg[p * 3 + 1] * G[q, 1] + gg[p * 3 + 2] * G[q, 2]);
                for (int turn = 0; turn < 3; turn++)
                {
                    int slot = (a + turn) % 3;
                    u[(((((turn * 25 + p * 5 + q) * 3 + b) * 3 + slot) * inChannels + ic) * padded) + oc] = value;
                }
            }
        }
        return new Winograd9x9Weights(inChannels, outChannels, padded, u);
    }
}
