namespace Cin.Engine.Kernels;

/// <summary>
/// A 3x3 kernel transformed for Winograd F(2x2, 3x3): <c>U = G g G^T</c>, a 4x4 grid per input and output channel,
/// stored as 16 matrices [16][in][paddedOut] so that each grid position is one matrix product.
/// </summary>
public sealed class WinogradWeights
{
    private WinogradWeights(int inChannels, int outChannels, int paddedOutChannels, float[] transformed)
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

    public static WinogradWeights FromHwio(ReadOnlySpan<float> hwio, int inChannels, int outChannels)
    {
        if (hwio.Length != 9 * inChannels * outChannels)
            throw new ArgumentException($"A 3x3 kernel from {inChannels} to {outChannels} channels has {9 * inChannels * outChannels} weights.", nameof(hwio));
        int padded = ConvWeights.PadOutChannels(outChannels);
        var u = new float[16 * inChannels * padded];
        Span<double> g = stackalloc double[9];
        Span<double> gg = stackalloc double[12];
        for (int ic = 0; ic < inChannels; ic++)
        {
            for (int oc = 0; oc < outChannels; oc++)
            {
                for (int t = 0; t < 9; t++) g[t] = hwio[(t * inChannels + ic) * outChannels + oc];
                // G g: 4x3, rows of G are (1,0,0), (1/2,1/2,1/2), (1/2,-1/2,1/2), (0,0,1).
                for (int c = 0; c < 3; c++)
                {
                    gg[0 * 3 + c] = g[c];
                    gg[1 * 3 + c] = 0.5 * (g[c] + g[3 + c] + g[6 + c]);
                    gg[2 * 3 + c] = 0.5 * (g[c] - g[3 + c] + g[6 + c]);
                    gg[3 * 3 + c] = g[6 + c];
                }
                // (G g) G^T: 4x4.
                for (int r = 0; r < 4; r++)
                {
                    double a = gg[r * 3], b = gg[r * 3 + 1], c = gg[r * 3 + 2];
                    u[((r * 4 + 0) * inChannels + ic) * padded + oc] = (float)a;
                    u[((r * 4 + 1) * inChannels + ic) * padded + oc] = (float)(0.5 * (a + b + c));
                    u[((r * 4 + 2) * inChannels + ic) * padded + oc] = (float)(0.5 * (a - b + c));
                    u[((r * 4 + 3) * inChannels + ic) * padded + oc] = (float)c;
                }
            }
        }
        return new WinogradWeights(inChannels, outChannels, padded, u);
    }
}
