using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>
/// Picks each layer's convolution algorithm from its shape, at build time, so the generated network calls the
/// specialized kernel directly. Winograd needs enough channels for its transforms to pay for themselves.
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
        : "Direct";
}
