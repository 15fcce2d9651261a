namespace Cin.Engine.Kernels;

/// <summary>
/// A 3x3 or 9x9 kernel as 3x3 blocks (kernel rows and columns 3a..3a+2 by 3b..3b+2), each transformed for Winograd
/// F(3x3, 3x3): <c>U_ab = G g_ab G^T</c>, a 5x5 grid per block, input and output channel. The kernel keeps transformed
/// input rows in a ring of one slot per block row, so which slot holds block row a turns with the output row; the
/// weights are stored once per turn, [turn][25][b][slot][in][paddedOut], so that each grid position is one GEMM whose
/// depth runs over b, the slots and the input channels, as the transformed input lies in memory.
/// </summary>
public sealed class WinogradWeights
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

    private WinogradWeights(int kernel, int inChannels, int outChannels, int paddedOutChannels, float[] transformed)
    {
        Kernel = kernel;
        InChannels = inChannels;
        OutChannels = outChannels;
        PaddedOutChannels = paddedOutChannels;
        Transformed = transformed;
    }

    /// <summary>3 or 9: one 3x3 sub-kernel, or three by three of them.</summary>
    public int Kernel { get; }

    /// <summary>Sub-kernels along each side: <see cref="Kernel"/> / 3.</summary>
    public int Blocks => Kernel / 3;

    public int InChannels { get; }
    public int OutChannels { get; }
    public int PaddedOutChannels { get; }
    public float[] Transformed { get; }

    /// <summary>Floats per grid position: block columns by block rows by input channels, by the padded outputs.</summary>
    internal int PointLength => Blocks * Blocks * InChannels * PaddedOutChannels;

    /// <summary>Floats per turn of the ring: 25 grid positions.</summary>
    internal int TurnLength => 25 * PointLength;

    public static WinogradWeights FromHwio(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels)
    {
        if (kernel is not (3 or 9)) throw new ArgumentException($"A {kernel}x{kernel} kernel is not made of 3x3 blocks this kernel handles.", nameof(kernel));
        if (hwio.Length != kernel * kernel * inChannels * outChannels)
            throw new ArgumentException($"A {kernel}x{kernel} kernel from {inChannels} to {outChannels} channels has {kernel * kernel * inChannels * outChannels} weights.", nameof(hwio));
        int blocks = kernel / 3;
        int padded = ConvWeights.PadOutChannels(outChannels);
        var u = new float[blocks * 25 * blocks * blocks * inChannels * padded];
        // This runs for every layer each time cin starts, so G is read from a flat copy rather than the 2-D array,
        // whose every access checks two bounds; the arithmetic (and so every bit of the result) is unchanged.
        Span<double> gm = stackalloc double[15];
        for (int p = 0; p < 5; p++)
            for (int c = 0; c < 3; c++)
                gm[p * 3 + c] = G[p, c];
        Span<double> g = stackalloc double[9];
        Span<double> gg = stackalloc double[15];
        Span<int> slots = stackalloc int[blocks];
        for (int a = 0; a < blocks; a++)
        {
            for (int turn = 0; turn < blocks; turn++) slots[turn] = (a + turn) % blocks;
            for (int b = 0; b < blocks; b++)
            for (int ic = 0; ic < inChannels; ic++)
            for (int oc = 0; oc < outChannels; oc++)
            {
                for (int r = 0; r < 3; r++)
                    for (int c = 0; c < 3; c++)
                        g[r * 3 + c] = hwio[(((3 * a + r) * kernel + 3 * b + c) * inChannels + ic) * outChannels + oc];
                // G g: 5x3.
                for (int p = 0; p < 5; p++)
                    for (int c = 0; c < 3; c++)
                        gg[p * 3 + c] = gm[p * 3] * g[c] + gm[p * 3 + 1] * g[3 + c] + gm[p * 3 + 2] * g[6 + c];
                // (G g) G^T: 5x5, stored at grid position p * 5 + q. In turn r, slot s holds block row (s - r) mod blocks.
                for (int p = 0; p < 5; p++)
                for (int q = 0; q < 5; q++)
                {
                    float value = (float)(gg[p * 3] * gm[q * 3] + gg[p * 3 + 1] * gm[q * 3 + 1] + gg[p * 3 + 2] * gm[q * 3 + 2]);
                    for (int turn = 0; turn < blocks; turn++)
                        u[(((((turn * 25 + p * 5 + q) * blocks + b) * blocks + slots[turn]) * inChannels + ic) * padded) + oc] = value;
                }
            }
        }
        return new WinogradWeights(kernel, inChannels, outChannels, padded, u);
    }
}
