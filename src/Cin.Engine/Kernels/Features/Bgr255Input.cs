namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The input encoding <c>bgr255</c> of a feature network: from an RGB map in [0, 1], <c>x[c] = 255 * rgb[2 - c] - mean[c]</c>
/// (channels reordered to BGR, values 0..255, the per-channel mean subtracted, no division by a deviation), as the
/// ResNet-18 CNTK export expects its input.
/// </summary>
public static class Bgr255Input
{
    /// <param name="mean">The three means in the network's channel order: blue, green, red.</param>
    public static FeatureMap Apply(FeatureMap rgb, ReadOnlySpan<float> mean, FeatureMap output)
    {
        if (rgb.Channels != 3) throw new ArgumentException($"The input has {rgb.Channels} channels, not 3 (RGB).", nameof(rgb));
        if (mean.Length != 3) throw new ArgumentException($"{mean.Length} means given, not 3 (B, G, R).", nameof(mean));
        if (output.Height != rgb.Height || output.Width != rgb.Width || output.Channels != 3)
            throw new ArgumentException($"The output must be {rgb.Height}x{rgb.Width}x3.", nameof(output));
        float b = mean[0], g = mean[1], r = mean[2];
        ReadOnlySpan<float> source = rgb.Span;
        Span<float> target = output.Span;
        for (int i = 0; i < source.Length; i += 3)
        {
            target[i] = 255f * source[i + 2] - b;
            target[i + 1] = 255f * source[i + 1] - g;
            target[i + 2] = 255f * source[i] - r;
        }
        return output;
    }
}
