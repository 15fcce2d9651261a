// The one home of these rules: the engine compiles this file, and the source generator (generators/Cin.Generators)
// links it and compiles it too, under CIN_GENERATORS, so the decisions it records in each layer's spec at build time are
// the ones the kernels were written for. It must build for netstandard2.0 as well as for the engine, without usings.
#if CIN_GENERATORS
namespace Cin.Generators.Model;
#else
namespace Cin.Engine.Kernels;
#endif

/// <summary>Where a layer's conditional instance norm and activation are applied to its output.</summary>
internal enum NormPlacement
{
    /// <summary>In place, in one pass over the layer's output once its statistics are known.</summary>
    InPlace,

    /// <summary>By the next layer, to each input row as it reads it; that spares a pass over memory.</summary>
    NextLayer,

    /// <summary>In the same pass as the residual block's skip connection, for the block's last layer.</summary>
    WithSkip,
}

/// <summary>
/// Which convolution algorithm a layer gets, and whether its norm may be left for the next layer to apply. The
/// generator decides both per layer at build time, so the generated network calls the specialized kernel directly and
/// the engine runs what it is given:
/// <list type="bullet">
/// <item>at most <see cref="NarrowOutputMaximumChannels"/> output channels (the final layer to RGB): vectorize over
/// pixels, since output channels would fill half a vector at best;</item>
/// <item>nearest x2 upsampling then 3x3: four 2x2 sub-pixel convolutions on the small map;</item>
/// <item>3x3 stride 1 with enough channels for the transforms to pay for themselves, and 9x9 stride 1 (a photo's
/// first layer) with enough outputs: Winograd F(3x3, 3x3), the 9x9 kernel as nine 3x3 blocks on one tile grid;</item>
/// <item>anything else: the direct tap GEMM.</item>
/// </list>
/// </summary>
internal static class ConvAlgorithmRules
{
    /// <summary>
    /// The most output channels <see cref="ConvAlgorithm.NarrowOutput"/> computes: one 128-bit vector of floats, the
    /// width its packed weights are padded to.
    /// </summary>
    public const int NarrowOutputMaximumChannels = 4;

    /// <summary>Below this many channels Winograd's input and output transforms cost more than its multiplies save.</summary>
    public const int WinogradMinimumChannels = 8;

    /// <summary>The algorithm for a layer of this shape (kernel size, stride, nearest upsampling before it, channels).</summary>
    public static ConvAlgorithm Choose(int kernel, int stride, int upsample, int inChannels, int outChannels)
    {
        if (stride == 1 && upsample == 1 && kernel > 1 && outChannels <= NarrowOutputMaximumChannels)
            return ConvAlgorithm.NarrowOutput;
        if (kernel == 3 && stride == 1 && upsample == 2)
            return ConvAlgorithm.SubPixel;
        if (kernel == 3 && stride == 1 && upsample == 1
            && inChannels >= WinogradMinimumChannels && outChannels >= WinogradMinimumChannels)
            return ConvAlgorithm.Winograd;
        if (kernel == 9 && stride == 1 && upsample == 1 && outChannels >= WinogradMinimumChannels)
            return ConvAlgorithm.Winograd;
        return ConvAlgorithm.Direct;
    }

    /// <summary>
    /// The algorithm for a feature network's convolution (zero padding, given as top, left, bottom, right): Winograd
    /// F(3x3, 3x3) for a 3x3 stride-1 layer padded 1 all round with at least <see cref="WinogradMinimumChannels"/> in
    /// and out, forward and backward (its data gradient is the same convolution with the kernel turned); the direct tap
    /// GEMM for anything else.
    /// </summary>
    public static ConvAlgorithm ChooseForFeatures(int kernel, int stride, int padTop, int padLeft, int padBottom, int padRight,
        int inChannels, int outChannels) =>
        kernel == 3 && stride == 1 && padTop == 1 && padLeft == 1 && padBottom == 1 && padRight == 1
        && inChannels >= WinogradMinimumChannels && outChannels >= WinogradMinimumChannels
            ? ConvAlgorithm.Winograd
            : ConvAlgorithm.Direct;

    /// <summary>
    /// Whether a layer can take its input before the previous layer's norm and apply it as it reads: only the direct
    /// convolution of a map it does not upsample does, and not inside a residual block, whose input is also its skip
    /// connection and must be normalized, and whose first layer's norm is applied in place.
    /// </summary>
    public static bool ReadsThroughNorm(ConvAlgorithm algorithm, int upsample, bool inResidualBlock) =>
        algorithm == ConvAlgorithm.Direct && upsample == 1 && !inResidualBlock;

    /// <summary>
    /// Where a layer's norm goes: a residual block's last layer applies it with the skip connection; any other layer
    /// leaves it to the next one when that one reads through it (<see cref="ReadsThroughNorm"/>), and otherwise
    /// applies it in place.
    /// </summary>
    public static NormPlacement PlaceNorm(bool endsResidualBlock, bool nextReadsThroughNorm) =>
        endsResidualBlock ? NormPlacement.WithSkip
        : nextReadsThroughNorm ? NormPlacement.NextLayer
        : NormPlacement.InPlace;
}
