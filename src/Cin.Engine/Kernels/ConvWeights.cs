namespace Cin.Engine.Kernels;

/// <summary>
/// A convolution kernel packed for <see cref="Conv2d"/>: [ky][kx][in][out] with the output channels padded with
/// zeros to a whole number of vector lanes, so the inner loop always loads full vectors of weights.
/// </summary>
public sealed class ConvWeights
{
    private ConvWeights(int kernel, int inChannels, int outChannels, int paddedOutChannels, float[] packed)
    {
        Kernel = kernel;
        InChannels = inChannels;
        OutChannels = outChannels;
        PaddedOutChannels = paddedOutChannels;
        Packed = packed;
    }

    public int Kernel { get; }
    public int InChannels { get; }
    public int OutChannels { get; }
    public int PaddedOutChannels { get; }
    public float[] Packed { get; }

    /// <summary>Four lanes for narrow layers (a 3-channel output would waste 5 of 8), eight otherwise.</summary>
    public static int PadOutChannels(int outChannels) =>
        outChannels <= 4 ? 4 : (outChannels + 7) / 8 * 8;

    /// <summary>Packs a kernel stored [kh][kw][in][out] (HWIO, the model file's layout).</summary>
    public static ConvWeights FromHwio(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels) =>
        FromHwio(hwio, kernel, inChannels, outChannels, PadOutChannels(outChannels));

    /// <summary>
    /// The same with the outputs padded to <paramref name="paddedOutChannels"/> (at least the outputs): for a product
    /// whose many outputs should be a whole number of the widest vectors, which <see cref="PadOutChannels"/> does not
    /// promise (147 pads to 152, which only 8-lane vectors divide).
    /// </summary>
    internal static ConvWeights FromHwio(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels, int paddedOutChannels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(paddedOutChannels, outChannels);
        int taps = kernel * kernel * inChannels;
        if (hwio.Length != taps * outChannels)
            throw new ArgumentException(
                $"A {kernel}x{kernel} kernel from {inChannels} to {outChannels} channels has {taps * outChannels} weights, not {hwio.Length}.",
                nameof(hwio));
        int padded = paddedOutChannels;
        var packed = new float[taps * padded];
        for (int t = 0; t < taps; t++)
            hwio.Slice(t * outChannels, outChannels).CopyTo(packed.AsSpan(t * padded, outChannels));
        return new ConvWeights(kernel, inChannels, outChannels, padded, packed);
    }
}
