namespace Cin.Engine.Kernels;

/// <summary>Nearest-neighbour upsampling of a channels-last map by an integer factor.</summary>
public static class Upsample
{
    public static FeatureMap Nearest(FeatureMap input, int factor, FeatureMap output)
    {
        int c = input.Channels;
        if (output.Height != input.Height * factor || output.Width != input.Width * factor || output.Channels != c)
            throw new ArgumentException("The output must be the input scaled by the factor.");
        int outRow = output.Width * c;
        for (int y = 0; y < input.Height; y++)
        {
            ReadOnlySpan<float> src = input.Row(y);
            Span<float> first = output.Data.AsSpan(y * factor * outRow, outRow);
            for (int x = 0; x < input.Width; x++)
            {
                ReadOnlySpan<float> pixel = src.Slice(x * c, c);
                for (int r = 0; r < factor; r++)
                    pixel.CopyTo(first.Slice((x * factor + r) * c, c));
            }
            for (int r = 1; r < factor; r++)
                first.CopyTo(output.Data.AsSpan((y * factor + r) * outRow, outRow));
        }
        return output;
    }
}
