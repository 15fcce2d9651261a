using Cin.Engine.Imaging;
using Cin.Engine.Network;

namespace Cin.Engine.Photos;

/// <summary>
/// A photo file in, a stylized photo file out: decode (upright, alpha kept aside), run the network, re-attach alpha,
/// encode to a temporary file beside the output and rename it into place. Front ends (the CLI, the cmdlets) parse
/// their options and call this; none of them stylizes on its own.
/// </summary>
public static class PhotoStylizer
{
    /// <summary>Fails fast on an output that cannot be written, before any slow work.</summary>
    public static void CheckDestination(string output, PhotoOptions options) =>
        ImageWriter.CheckDestination(output, options.Overwrite);

    public static PhotoResult StylizeFile(string input, string output, StyleNetwork network, StyleParameters style, PhotoOptions options,
        CancellationToken cancellation = default)
    {
        ImageWriter.CheckDestination(output, options.Overwrite);
        DecodedImage image = ImageReader.Read(input);
        cancellation.ThrowIfCancellationRequested();
        FeatureMap stylized = Stylizer.Stylize(image.Rgb, network, style, options.Threads);
        cancellation.ThrowIfCancellationRequested();
        ImageWriter.Write(stylized, image.Alpha, output, options.Quality, options.Overwrite);
        return new PhotoResult(input, output, image.Width, image.Height);
    }
}

/// <summary>What was written: the files and the image's size.</summary>
public sealed record PhotoResult(string Input, string Output, int Width, int Height);
