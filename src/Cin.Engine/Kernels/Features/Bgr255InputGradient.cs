namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The gradient through <see cref="Bgr255Input"/>: with <c>x[c] = 255 * rgb[2 - c] - mean[c]</c>,
/// <c>d rgb[c] = 255 * d x[2 - c]</c> (the means drop out).
/// </summary>
public static class Bgr255InputGradient
{
    public static FeatureMap Apply(FeatureMap bgrGradient, FeatureMap rgbGradient)
    {
        if (bgrGradient.Channels != 3) throw new ArgumentException($"The gradient has {bgrGradient.Channels} channels, not 3 (BGR).", nameof(bgrGradient));
        if (rgbGradient.Height != bgrGradient.Height || rgbGradient.Width != bgrGradient.Width || rgbGradient.Channels != 3)
            throw new ArgumentException($"The RGB gradient must be {bgrGradient.Height}x{bgrGradient.Width}x3.", nameof(rgbGradient));
        ReadOnlySpan<float> source = bgrGradient.Span;
        Span<float> target = rgbGradient.Span;
        for (int i = 0; i < source.Length; i += 3)
        {
            float b = source[i], g = source[i + 1], r = source[i + 2];
            target[i] = 255f * r;
            target[i + 1] = 255f * g;
            target[i + 2] = 255f * b;
        }
        return rgbGradient;
    }
}
