using Cin.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;

namespace Cin.Engine.Tests;

/// <summary>What <see cref="ImageReader"/> makes of embedded colour profiles, without the command around it.</summary>
public sealed class ImageReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ProfilesInPngAndCopiesOfSrgb()
    {
        string p3 = _folder.File("p3.png"), srgb = _folder.File("srgb.jpg"), plain = _folder.File("plain.png");
        using (var image = TestImages.Gradient(12, 8))
        {
            byte[] png = Encode(image, new PngEncoder());
            File.WriteAllBytes(plain, png);
            File.WriteAllBytes(p3, ImageBytes.PngWithIcc(png, IccProfiles.DisplayP3()));
            File.WriteAllBytes(srgb, ImageBytes.JpegWithIcc(Encode(image, new JpegEncoder { Quality = 100 }), IccProfiles.SrgbCopy()));
        }

        var fromP3 = ImageReader.Read(p3);
        var fromPlain = ImageReader.Read(plain);
        var fromSrgb = ImageReader.Read(srgb);

        Assert.Equal("Display P3", fromP3.ColorSpace);
        Assert.True(fromP3.ConvertedToSrgb);
        Assert.NotEqual(fromPlain.Rgb.Span.ToArray(), fromP3.Rgb.Span.ToArray());
        Assert.False(fromSrgb.ConvertedToSrgb); // recognised as sRGB: pixels untouched
        Assert.Empty(fromSrgb.Notes);
    }

    [Fact]
    public void ProfilesCinCannotApplyAreNotedAndTheColoursReadAsSrgb()
    {
        string lut = _folder.File("lut.jpg"), broken = _folder.File("broken.jpg");
        using (var image = TestImages.Gradient(12, 8))
        {
            byte[] jpeg = Encode(image, new JpegEncoder());
            File.WriteAllBytes(lut, ImageBytes.JpegWithIcc(jpeg, IccProfiles.LutOnlyRgb()));
            File.WriteAllBytes(broken, ImageBytes.JpegWithIcc(jpeg, "not a profile at all"u8.ToArray()));
        }
        Assert.Contains("cannot be applied", Assert.Single(ImageReader.Read(lut).Notes));
        Assert.Contains("unreadable", Assert.Single(ImageReader.Read(broken).Notes));
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
