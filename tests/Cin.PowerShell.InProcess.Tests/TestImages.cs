using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>Small generated photos, and what the tests read back from outputs.</summary>
internal static class TestImages
{
    /// <summary>A colour gradient with stripes: every channel and both axes vary, so a style visibly changes it.</summary>
    public static string SavePng(string path, int width = 24, int height = 20)
    {
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            image[x, y] = new Rgb24((byte)(255 * x / (width - 1)), (byte)(255 * y / (height - 1)), (byte)((x + y) % 8 < 4 ? 200 : 40));
        image.SaveAsPng(path);
        return path;
    }

    public static Rgb24[] Pixels(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    public static (int Width, int Height) Size(string path)
    {
        var info = Image.Identify(path);
        return (info.Width, info.Height);
    }
}
