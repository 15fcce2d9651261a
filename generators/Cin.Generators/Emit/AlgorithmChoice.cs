using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>
/// Picks each layer's convolution algorithm from its shape, at build time, so the generated network calls the
/// specialized kernel directly:
/// <list type="bullet">
/// <item>at most four output channels (the final layer to RGB): vectorize over pixels, since output channels would
/// fill half a vector at best;</item>
/// <item>nearest x2 upsampling then 3x3: four 2x2 sub-pixel convolutions on the small map;</item>
/// <item>3x3 stride 1 with enough channels for the transforms to pay for themselves, and 9x9 stride 1 (a photo's
/// first layer) with enough outputs: Winograd F(3x3, 3x3), the 9x9 kernel as nine 3x3 blocks on one tile grid;</item>
/// <item>anything else: the direct tap GEMM.</item>
/// </list>
/// </summary>
internal static class AlgorithmChoice
{
    public const int WinogradMinimumChannels = 8;
    public const int NarrowOutputMaximumChannels = 4;

    public static string For(LayerSpec layer) =>
        layer.Stride == 1 && layer.Upsample == 1 && layer.OutChannels <= NarrowOutputMaximumChannels && layer.Kernel > 1 ? "NarrowOutput"
        : layer.Kernel == 3 && layer.Stride == 1 && layer.Upsample == 2 ? "SubPixel"
        : layer.Kernel == 3 && layer.Stride == 1 && layer.Upsample == 1
            && layer.InChannels >= WinogradMinimumChannels && layer.OutChannels >= WinogradMinimumChannels ? "Winograd"
        : layer.Kernel == 9 && layer.Stride == 1 && layer.Upsample == 1 && layer.OutChannels >= WinogradMinimumChannels ? "Winograd"
        : "Direct";
}
