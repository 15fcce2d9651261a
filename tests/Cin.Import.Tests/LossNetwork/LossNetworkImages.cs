namespace Cin.Import.Tests.LossNetwork;

/// <summary>Test images for the loss network.</summary>
internal static class LossNetworkImages
{
    /// <summary>A smooth, photo-like RGB image in [0, 1] with a little seeded noise, so that no layer is trivial.</summary>
    public static Chw Smooth(int height, int width, int seed = 14)
    {
        var random = new Random(seed);
        var rgb = new Chw(3, height, width);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double v = 0.5 + 0.3 * Math.Sin(0.21 * x + 1.7 * c) * Math.Cos(0.13 * y - c) + 0.15 * (random.NextDouble() - 0.5);
                    rgb[c, y, x] = (float)Math.Clamp(v, 0, 1);
                }
            }
        }
        return rgb;
    }
}
