namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The data gradient of a bias-free convolution with reflect padding of half the kernel (<see cref="Conv2d"/>), any
/// odd kernel and stride: the gradient with respect to its input, given the gradient with respect to its output.
/// <list type="number">
/// <item>The output gradient is spread <c>stride</c> apart into a zero map with a margin of <c>k - 1</c>
/// (<see cref="StridedScatter"/>).</item>
/// <item>A stride-1 convolution of that map with the turned kernel (<see cref="ConvDataGradientWeights"/>), run by the
/// forward kernels (Winograd, F(4x4, 3x3) for a 3x3 kernel; direct or narrow), is the full correlation: the gradient with respect to every position
/// of the reflect-padded input. The forward kernel pads by reflection, but the positions kept never read its
/// padding: they lie <c>k/2</c> inside the margin of zeros.</item>
/// <item>The padded positions' gradients fold back onto the pixels they were reflected from
/// (<see cref="ReflectPadGradient"/>).</item>
/// </list>
/// A stride-2 layer's spread map is three quarters zeros, which the convolution multiplies anyway: simple, and those
/// layers are small; a per-phase product would skip them.
/// </summary>
public static class ConvDataGradient
{
    /// <summary>The sides of the scratch maps for an input side: the padded side plus the kernel's reach.</summary>
    public static int ScratchSize(int inputSize, int kernel) => inputSize + 4 * (kernel / 2);

    /// <param name="outputGradient">With respect to the convolution's output.</param>
    /// <param name="result">With respect to its input (the map the forward convolved, after any upsampling); every value is written.</param>
    /// <param name="spread">Scratch of <see cref="ScratchSize"/> squared by the output channels.</param>
    /// <param name="full">Scratch of <see cref="ScratchSize"/> squared by the input channels.</param>
    public static FeatureMap Apply(FeatureMap outputGradient, ConvDataGradientWeights weights, int stride, FeatureMap result,
        FeatureMap spread, FeatureMap full, int threads = 1)
    {
        int k = weights.Kernel, pad = k / 2, h = result.Height, w = result.Width;
        int ho = Conv2d.OutputSize(h, k, stride), wo = Conv2d.OutputSize(w, k, stride);
        if (outputGradient.Height != ho || outputGradient.Width != wo || outputGradient.Channels != weights.OutChannels)
            throw new ArgumentException($"The output gradient must be {ho}x{wo}x{weights.OutChannels}.", nameof(outputGradient));
        if (result.Channels != weights.InChannels)
            throw new ArgumentException($"The result must have {weights.InChannels} channels.", nameof(result));
        int hs = ScratchSize(h, k), ws = ScratchSize(w, k);
        if (spread.Height != hs || spread.Width != ws || spread.Channels != weights.OutChannels)
            throw new ArgumentException($"The spread scratch must be {hs}x{ws}x{weights.OutChannels}.", nameof(spread));
        if (full.Height != hs || full.Width != ws || full.Channels != weights.InChannels)
            throw new ArgumentException($"The full scratch must be {hs}x{ws}x{weights.InChannels}.", nameof(full));

        StridedScatter.Apply(outputGradient, stride, margin: k - 1, spread, threads);
        switch (weights.Algorithm)
        {
            case ConvAlgorithm.Winograd when weights.Winograd4x4 != null:
                Winograd4x4Conv.Apply(spread, weights.Winograd4x4, full, threads);
                break;
            case ConvAlgorithm.Winograd:
                WinogradConv.Apply(spread, weights.Winograd!, full, threads);
                break;
            case ConvAlgorithm.NarrowOutput:
                NarrowOutputConv.Apply(spread, weights.Direct!, full, threads);
                break;
            default:
                Conv2d.Apply(spread, weights.Direct!, 1, full, threads);
                break;
        }
        // Padded position (py, px) is the full map's (py + pad, px + pad).
        return ReflectPadGradient.Apply(full, offset: pad, pad, result, threads);
    }
}
