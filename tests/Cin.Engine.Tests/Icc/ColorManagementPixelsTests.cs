using Cin.Engine.Imaging;
using Cin.Engine.Imaging.Icc;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Tests.Icc;

/// <summary>
/// A profile applied in place to decoded 16-bit pixels, row by row, gives the float conversion rounded to the nearest
/// 16-bit level: the photo pipeline holds no float copy of the photo to convert.
/// </summary>
public sealed class ColorManagementPixelsTests
{
    public static TheoryData<string> Profiles() => new() { "Display P3", "Adobe RGB (1998)", "Gray Gamma 2.2" };

    private static byte[] Profile(string name) => name switch
    {
        "Display P3" => IccProfiles.DisplayP3(),
        "Adobe RGB (1998)" => IccProfiles.AdobeRgb(),
        _ => IccProfiles.GrayGamma22(),
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Pixels_convert_as_floats_do_to_the_nearest_16_bit_level(string name)
    {
        const int width = 37, height = 5;
        using var image = new Image<Rgba64>(ImagingConfiguration.Configuration, width, height);
        var map = new FeatureMap(height, width, 3);
        var random = new Random(5);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            var p = new Rgba64((ushort)random.Next(65536), (ushort)random.Next(65536), (ushort)random.Next(65536), (ushort)random.Next(65536));
            image[x, y] = p;
            (map[y, x, 0], map[y, x, 1], map[y, x, 2]) = (p.R / 65535f, p.G / 65535f, p.B / 65535f);
        }
        var alpha = Enumerable.Range(0, height).SelectMany(y => image.DangerousGetPixelRowMemory(y).ToArray().Select(p => p.A)).ToArray();

        var embedded = new EmbeddedColor(Profile(name), false, 0);
        var fromMap = ColorManagement.ToSrgb(map, embedded, null, []);
        var fromPixels = ColorManagement.ToSrgb(image, embedded, null, []);

        Assert.Equal(fromMap, fromPixels);
        Assert.True(fromPixels.Converted);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            Rgba64 p = image[x, y];
            for (int c = 0; c < 3; c++)
            {
                int level = c switch { 0 => p.R, 1 => p.G, _ => p.B };
                Assert.InRange(level - map[y, x, c] * 65535f, -0.5f - 1e-2f, 0.5f + 1e-2f);
            }
            Assert.Equal(alpha[y * width + x], p.A); // alpha untouched
        }
    }
}
