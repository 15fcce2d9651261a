using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;

namespace Cin.Engine.Imaging;

/// <summary>The ImageSharp configuration cin decodes and encodes with.</summary>
internal static class ImagingConfiguration
{
    /// <summary>The formats cin reads, for messages.</summary>
    public const string ReadableFormats = "JPEG, PNG, WebP, BMP, TIFF or GIF";

    /// <summary>
    /// Exactly the six documented formats: ImageSharp's default set adds TGA and PBM, whose loose signatures would let
    /// a file that is not an image be "detected" as one and fail later with a murkier message. Animated GIFs and
    /// multi-page TIFFs decode their first frame only: cin stylizes one picture.
    /// </summary>
    public static Configuration Configuration { get; } = Create();

    private static Configuration Create()
    {
        var configuration = new Configuration(
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new WebpConfigurationModule(),
            new BmpConfigurationModule(),
            new TiffConfigurationModule(),
            new GifConfigurationModule());
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
