using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
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
        // A photo's pixels are its largest allocation, and the pipeline holds them for the whole run: pooling them
        // after use would keep a large photo's memory resident while the next, or the encoder, allocates its own.
        // Without a pool, a disposed image's memory goes back to the system at once.
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 0 });
        // One block per image, so that the writer can encode a photo's own pixels under fresh metadata (Image.WrapMemory)
        // instead of copying them.
        configuration.PreferContiguousImageBuffers = true;
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
