namespace Cin.Engine.Imaging;

/// <summary>
/// A decoded, upright image in sRGB: its colour as an RGB map in [0,1] for the network, and its alpha channel, if it
/// has one, kept at full precision so the output can carry it unchanged (style transfer only repaints the colour).
/// </summary>
/// <param name="Rgb">Height x width x 3, channels-last, sRGB-encoded, in [0,1].</param>
/// <param name="Alpha">One 16-bit value per pixel (0..65535), row-major; null when the image is opaque and has no
/// alpha channel. 8-bit sources give multiples of 257, so they round-trip exactly.</param>
/// <param name="Format">The container the image came in ("JPEG", "PNG", ...), for messages.</param>
public sealed record DecodedImage(FeatureMap Rgb, ushort[]? Alpha, string Format)
{
    public int Width => Rgb.Width;
    public int Height => Rgb.Height;

    /// <summary>8, or 16 for 16-bit PNG and TIFF sources (a PNG output then keeps 16 bits).</summary>
    public int BitsPerChannel { get; init; } = 8;

    /// <summary>The colour space the pixels came in: "sRGB", an ICC profile's name, or "CMYK".</summary>
    public string ColorSpace { get; init; } = "sRGB";

    /// <summary>Whether the pixels were converted to sRGB from another profile.</summary>
    public bool ConvertedToSrgb { get; init; }

    /// <summary>What a user may want to know about how the file was read (an ICC profile that was not applied, ...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The metadata to carry into the output; null when not kept.</summary>
    public PhotoMetadata? Metadata { get; init; }
}
