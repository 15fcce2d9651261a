namespace Cin.Engine.Kernels;

/// <summary>Padding by repeating the edge pixels, which is what reflect padding of a nearest-upsampled map is once
/// folded back onto the map before upsampling.</summary>
public static class EdgePad
{
    public static FeatureMap Apply(FeatureMap input, int pad, FeatureMap output)
    {
        int h = input.Height, w = input.Width, c = input.Channels;
        if (output.Height != h + 2 * pad || output.Width != w + 2 * pad || output.Channels != c)
            throw new ArgumentException("The output must be the input grown by the padding on every side.");
        for (int y = 0; y < output.Height; y++)
        {
            ReadOnlySpan<float> src = input.Row(Math.Clamp(y - pad, 0, h - 1));
            Span<float> dst = output.Row(y);
            src.CopyTo(dst.Slice(pad * c));
            for (int x = 0; x < pad; x++)
            {
                src.Slice(0, c).CopyTo(dst.Slice(x * c, c));
                src.Slice((w - 1) * c, c).CopyTo(dst.Slice((pad + w + x) * c, c));
            }
        }
        return output;
    }
}
