using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Imaging.Png;

/// <summary>
/// The ancillary chunks (pHYs, eXIf, XMP and text) that ImageSharp's PNG encoder writes for an image's metadata,
/// taken from ImageSharp itself: it encodes a 1x1 image under the same metadata and the chunks other than IHDR, IDAT
/// and IEND are kept. None of them depends on the pixels, so cin's files carry exactly the metadata they carried when
/// ImageSharp wrote the whole file (including its EXIF resolution sync and its choice of tEXt, zTXt or iTXt), and
/// only the pixel data is cin's own. Costs well under a millisecond.
/// </summary>
internal static class PngMetadataChunks
{
    /// <param name="encoder">ImageSharp's PNG encoder with cin's settings (<see cref="OutputFormat.CreateEncoder"/>): its
    /// compression level also compresses long text (zTXt).</param>
    public static List<(string Type, byte[] Data)> For(ImageMetadata metadata, IImageEncoder encoder)
    {
        using var donor = Image.WrapMemory(ImagingConfiguration.Configuration, new Rgba32[1].AsMemory(), 1, 1, metadata);
        using var file = new MemoryStream();
        donor.Save(file, encoder);
        return PngChunks.Read(file.ToArray()).Where(c => c.Type is not ("IHDR" or "IDAT" or "IEND")).ToList();
    }
}
