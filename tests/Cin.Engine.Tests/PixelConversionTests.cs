using Cin.Engine.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Tests;

public class PixelConversionTests
{
    [Fact]
    public void Jpeg_pixels_are_the_same_8_bit_levels_as_every_other_format_s()
    {
        // Rounding to the nearest level, clamping out-of-range values and NaN to black, on both packing paths.
        float[] values = [0f, 1f, -0.2f, 1.7f, float.NaN, 0.5f / 255, 0.49f / 255, 127.5f / 255, 0.3f, float.PositiveInfinity, float.NegativeInfinity, 0.999f];
        const int width = 4, height = 1;
        var map = new FeatureMap(height, width, 3, values);
        var configuration = ImagingConfiguration.Configuration;
        using var wide = PixelConversion.ToImage8(map, null, configuration);
        using var narrow = PixelConversion.ToRgb24(map, configuration);
        byte[] expected = [0, 255, 0, 255, 0, 1, 0, 128, 77, 255, 0, 255];
        for (int x = 0; x < width; x++)
        {
            Rgb24 p = narrow[x, 0];
            Rgba64 q = wide[x, 0];
            Assert.Equal((expected[3 * x], expected[3 * x + 1], expected[3 * x + 2]), (p.R, p.G, p.B));
            Assert.Equal((p.R * 257, p.G * 257, p.B * 257), ((int)q.R, (int)q.G, (int)q.B));
        }
    }
}
