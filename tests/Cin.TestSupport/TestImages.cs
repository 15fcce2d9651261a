using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.TestSupport;

/// <summary>Test images, generated rather than stored.</summary>
public static class TestImages
{
    /// <summary>A smooth colour gradient with a diagonal stripe, so every channel and both axes vary.</summary>
    public static Image<Rgba32> Gradient(int width, int height, bool translucent = false)
    {
        var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            byte r = (byte)(255 * x / Math.Max(1, width - 1));
            byte g = (byte)(255 * y / Math.Max(1, height - 1));
            byte b = (byte)((x + y) % 16 < 8 ? 200 : 40);
            byte a = translucent ? (byte)((x * 7 + y * 13) % 256) : (byte)255;
            image[x, y] = new Rgba32(r, g, b, a);
        }
        return image;
    }

    public static void SaveJpeg(string path, int width, int height, ushort? orientation = null)
    {
        using var image = Gradient(width, height);
        if (orientation is { } o)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, o);
        }
        image.SaveAsJpeg(path, new JpegEncoder { Quality = 95 });
    }

    public static void SavePng(string path, int width, int height, bool translucent = false)
    {
        using var image = Gradient(width, height, translucent);
        image.SaveAsPng(path);
    }

    /// <summary>The image's size as a decoder sees it (EXIF orientation not applied).</summary>
    public static (int Width, int Height) Size(string path)
    {
        var info = Image.Identify(path) ?? throw new InvalidDataException($"{path} is not an image.");
        return (info.Width, info.Height);
    }
}
