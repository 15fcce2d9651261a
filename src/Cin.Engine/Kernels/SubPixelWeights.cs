namespace Cin.Engine.Kernels;

/// <summary>
/// A 3x3 kernel that follows a nearest x2 upsampling, rewritten as four 2x2 kernels on the map before upsampling,
/// one per output phase (row parity a, column parity b). Upsampled rows 2i+a-1..2i+a+1 come from source rows
/// {i-1, i, i} when a = 0 and {i, i, i+1} when a = 1, so the 3x3 taps that land on the same source row or column
/// are summed: 16 multiplies per output pixel instead of 36. Stored [phase][dy][dx][in][paddedOut].
/// </summary>
public sealed class SubPixelWeights
{
    private SubPixelWeights(int inChannels, int outChannels, int paddedOutChannels, float[] phases)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        PaddedOutChannels = paddedOutChannels;
        Phases = phases;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int PaddedOutChannels { get; }
    public float[] Phases { get; }

    /// <summary>For output parity p, the 3x3 taps that fold into 2x2 tap d.</summary>
    private static bool Folds(int parity, int d, int k) => parity == 0 ? (d == 0 ? k == 0 : k >= 1) : (d == 0 ? k <= 1 : k == 2);

    public static SubPixelWeights FromHwio(ReadOnlySpan<float> hwio, int inChannels, int outChannels)
    {
        if (hwio.Length != 9 * inChannels * outChannels)
            throw new ArgumentException($"A 3x3 kernel from {inChannels} to {outChannels} channels has {9 * inChannels * outChannels} weights.", nameof(hwio));
        int padded = ConvWeights.PadOutChannels(outChannels);
        var phases = new float[16 * inChannels * padded];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int tap = ((a * 2 + b) * 2 + dy) * 2 + dx;
                        for (int ky = 0; ky < 3; ky++)
                        {
                            if (!Folds(a, dy, ky)) continue;
                            for (int kx = 0; kx < 3; kx++)
                            {
                                if (!Folds(b, dx, kx)) continue;
                                for (int ic = 0; ic < inChannels; ic++)
                                    for (int oc = 0; oc < outChannels; oc++)
                                        phases[(tap * inChannels + ic) * padded + oc] += hwio[((ky * 3 + kx) * inChannels + ic) * outChannels + oc];
                            }
                        }
                    }
        return new SubPixelWeights(inChannels, outChannels, padded, phases);
    }
}
