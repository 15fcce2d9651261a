namespace Cin.Engine.Kernels;

/// <summary>
/// A 3x3 kernel transformed for Winograd F(4x4, 3x3) (<see cref="Winograd4x4Conv"/>): <c>U = G g G^T</c>, a 6x6 grid
/// per input and output channel, stored [36][in][paddedOut] so that each grid position is one GEMM over the input
/// channels.
/// </summary>
public sealed class Winograd4x4Weights
{
    /// <summary>
    /// G for F(4x4, 3x3) with interpolation points 0, 1, -1, 2, -2 and infinity: the smallest set of six that keeps the
    /// transforms' coefficients small (at most 8, in the output transform), the same choice as the usual F(4, 3).
    /// </summary>
    internal static readonly double[,] G =
    {
        { 1.0 / 4, 0, 0 },
        { -1.0 / 6, -1.0 / 6, -1.0 / 6 },
        { -1.0 / 6, 1.0 / 6, -1.0 / 6 },
        { 1.0 / 24, 1.0 / 12, 1.0 / 6 },
        { 1.0 / 24, -1.0 / 12, 1.0 / 6 },
        { 0, 0, 1 },
    };

    /// <summary>Positions in the 6x6 transform grid.</summary>
    internal const int Points = 36;

    private Winograd4x4Weights(int inChannels, int outChannels, int paddedOutChannels, float[] transformed)
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

    /// <summary>Floats per grid position: input channels by the padded outputs.</summary>
    internal int PointLength => InChannels * PaddedOutChannels;

    /// <param name="hwio">The kernel as stored: [3][3][in][out].</param>
    public static Winograd4x4Weights FromHwio(ReadOnlySpan<float> hwio, int inChannels, int outChannels)
    {
        if (hwio.Length != 9 * inChannels * outChannels)
            throw new ArgumentException($"A 3x3 kernel from {inChannels} to {outChannels} channels has {9 * inChannels * outChannels} weights, not {hwio.Length}.", nameof(hwio));
        int padded = ConvWeights.PadOutChannels(outChannels);
        var u = new float[Points * inChannels * padded];
        Span<double> gm = stackalloc double[18];
        for (int p = 0; p < 6; p++)
            for (int c = 0; c < 3; c++)
                gm[p * 3 + c] = G[p, c];
        Span<double> g = stackalloc double[9];
        Span<double> gg = stackalloc double[18];
        for (int ic = 0; ic < inChannels; ic++)
            for (int oc = 0; oc < outChannels; oc++)
            {
                for (int r = 0; r < 3; r++)
                    for (int c = 0; c < 3; c++)
                        g[r * 3 + c] = hwio[((r * 3 + c) * inChannels + ic) * outChannels + oc];
                // G g: 6x3.
                for (int p = 0; p < 6; p++)
                    for (int c = 0; c < 3; c++)
                        gg[p * 3 + c] = gm[p * 3] * g[c] + gm[p * 3 + 1] * g[3 + c] + gm[p * 3 + 2] * g[6 + c];
                // (G g) G^T: 6x6, grid position p * 6 + q.
                for (int p = 0; p < 6; p++)
                    for (int q = 0; q < 6; q++)
                        u[((p * 6 + q) * inChannels + ic) * padded + oc] =
                            (float)(gg[p * 3] * gm[q * 3] + gg[p * 3 + 1] * gm[q * 3 + 1] + gg[p * 3 + 2] * gm[q * 3 + 2]);
            }
        return new Winograd4x4Weights(inChannels, outChannels, padded, u);
    }
}
