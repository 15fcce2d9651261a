namespace Cin.Engine.Kernels;

/// <summary>Reflect padding of a channels-last map by the same amount on every side.</summary>
public static class ReflectPad
{
    public static FeatureMap Apply(FeatureMap input, int pad, FeatureMap output)
    {
        int h = input.Height, w = input.Width, c = input.Channels;
        if (output.Height != h + 2 * pad || output.Width != w + 2 * pad || output.Channels != c)
            throw new ArgumentException("The output must be the input grown by the padding on every side.");
        Apply(input.Data, h, w, c, top: pad, left: pad, output.Height, output.Width, output.Data);
        return output;
    }

    /// <summary>
    /// Writes an <paramref name="outHeight"/> x <paramref name="outWidth"/> map whose pixel (y, x) is the source pixel
    /// (y - top, x - left) folded back inside by reflection. Used both for a layer's padding and for framing a whole
    /// image to the network's size multiple.
    /// </summary>
    public static void Apply(
        ReadOnlySpan<float> src, int h, int w, int c, int top, int left,
        int outHeight, int outWidth, Span<float> dst)
    {
        int rowLength = outWidth * c;
        for (int y = 0; y < outHeight; y++)
        {
            int sy = ReflectIndex.Fold(y - top, h);
            ReadOnlySpan<float> srcRow = src.Slice(sy * w * c, w * c);
            Span<float> dstRow = dst.Slice(y * rowLength, rowLength);
            int interiorStart = Math.Clamp(left, 0, outWidth);
            int interiorEnd = Math.Clamp(left + w, 0, outWidth);
            if (interiorEnd > interiorStart)
            {
                srcRow.Slice((interiorStart - left) * c, (interiorEnd - interiorStart) * c)
                    .CopyTo(dstRow.Slice(interiorStart * c));
            }
            for (int x = 0; x < interiorStart; x++)
                srcRow.Slice(ReflectIndex.Fold(x - left, w) * c, c).CopyTo(dstRow.Slice(x * c, c));
            for (int x = interiorEnd; x < outWidth; x++)
                srcRow.Slice(ReflectIndex.Fold(x - left, w) * c, c).CopyTo(dstRow.Slice(x * c, c));
        }
    }
}
