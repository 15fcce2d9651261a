namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// A convolution's kernel turned for its data gradient: flipped in both spatial axes and with input and output
/// channels swapped, <c>W'[ky][kx][out][in] = W[k-1-ky][k-1-kx][in][out]</c>, then packed for whichever forward kernel
/// <see cref="ConvAlgorithmRules"/> picks for a stride-1 layer of that shape (from the forward's output channels to
/// its input channels): the gradient of a convolution is a convolution, and the forward kernels compute it.
/// </summary>
public sealed class ConvDataGradientWeights
{
    private ConvDataGradientWeights(int kernel, int inChannels, int outChannels, ConvAlgorithm algorithm,
        ConvWeights? direct, WinogradWeights? winograd, Winograd4x4Weights? winograd4x4)
    {
        Kernel = kernel;
        InChannels = inChannels;
        OutChannels = outChannels;
        Algorithm = algorithm;
        Direct = direct;
        Winograd = winograd;
        Winograd4x4 = winograd4x4;
    }

    public int Kernel { get; }

    /// <summary>The forward layer's input channels: the gradient's output.</summary>
    public int InChannels { get; }

    /// <summary>The forward layer's output channels: the channels of the gradient it takes.</summary>
    public int OutChannels { get; }

    /// <summary>The forward kernel that computes the turned convolution: Direct, Winograd or NarrowOutput.</summary>
    public ConvAlgorithm Algorithm { get; }

    internal ConvWeights? Direct { get; }
    internal WinogradWeights? Winograd { get; }

    /// <summary>
    /// A 3x3 kernel's Winograd weights for F(4x4, 3x3), which the data gradient runs in place of the forward's F(3x3,
    /// 3x3): it multiplies 19 to 21% less on the scratch maps of a backward pass, and no stylized image depends on its
    /// bits. (A 9x9 kernel keeps F(3x3, 3x3)'s sub-kernels.)
    /// </summary>
    internal Winograd4x4Weights? Winograd4x4 { get; }

    /// <summary>Turns and packs a kernel stored [kh][kw][in][out] (HWIO), as the forward layer was given it.</summary>
    public static ConvDataGradientWeights FromHwio(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels)
    {
        if (hwio.Length != kernel * kernel * inChannels * outChannels)
            throw new ArgumentException(
                $"A {kernel}x{kernel} kernel from {inChannels} to {outChannels} channels has {kernel * kernel * inChannels * outChannels} weights, not {hwio.Length}.",
                nameof(hwio));
        var turned = new float[hwio.Length];
        for (int ky = 0; ky < kernel; ky++)
            for (int kx = 0; kx < kernel; kx++)
            {
                int from = ((kernel - 1 - ky) * kernel + (kernel - 1 - kx)) * inChannels * outChannels;
                int to = (ky * kernel + kx) * outChannels * inChannels;
                for (int ic = 0; ic < inChannels; ic++)
                    for (int oc = 0; oc < outChannels; oc++)
                        turned[to + oc * inChannels + ic] = hwio[from + ic * outChannels + oc];
            }
        var algorithm = ConvAlgorithmRules.Choose(kernel, stride: 1, upsample: 1, inChannels: outChannels, outChannels: inChannels);
        if (algorithm == ConvAlgorithm.Winograd && kernel == 3)
            return new(kernel, inChannels, outChannels, algorithm, null, null, Winograd4x4Weights.FromHwio(turned, outChannels, inChannels));
        return algorithm == ConvAlgorithm.Winograd
            ? new(kernel, inChannels, outChannels, algorithm, null, WinogradWeights.FromHwio(turned, kernel, outChannels, inChannels), null)
            : new(kernel, inChannels, outChannels, algorithm, ConvWeights.FromHwio(turned, kernel, outChannels, inChannels), null, null);
    }
}
