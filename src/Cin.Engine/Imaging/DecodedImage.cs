namespace Cin.Engine.Imaging;

/// <summary>
/// A decoded, upright image: its colour as an RGB map in [0,1] for the network, and its alpha channel, if it has
/// one, kept byte for byte so the output can carry it unchanged (style transfer only repaints the colour).
/// </summary>
/// <param name="Rgb">Height x width x 3, channels-last, in [0,1].</param>
/// <param name="Alpha">One byte per pixel, row-major; null when the image is opaque and has no alpha channel.</param>
/// <param name="Format">The container the image came in ("JPEG", "PNG", ...), for messages.</param>
public sealed record DecodedImage(FeatureMap Rgb, byte[]? Alpha, string Format)
{
    public int Width => Rgb.Width;
    public int Height => Rgb.Height;
}
