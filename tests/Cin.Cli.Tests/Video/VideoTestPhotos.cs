using Cin.Engine;
using Cin.Engine.Imaging;

namespace Cin.Cli.Tests.Video;

/// <summary>
/// Real photos for the video tests, cut from pictures committed under docs/ (the Kodak test images kodim21 and
/// kodim13 as they appear there), so the tests run in CI without ../shared/data.
/// </summary>
internal static class VideoTestPhotos
{
    /// <summary>kodim21, the lighthouse: the first panel of docs/images/lighthouse-styles.jpg, 238x238.</summary>
    public static FeatureMap Lighthouse() => Crop(Docs("images", "lighthouse-styles.jpg"), 0, 0, 238, 238);

    /// <summary>kodim13, a mountain river: from the photo column of docs/models/magenta-kodak.jpg, below its label, 248x224.</summary>
    public static FeatureMap River() => Crop(Docs("models", "magenta-kodak.jpg"), 6, 885, 248, 224);

    private static string Docs(string folder, string file)
    {
        string root = ProcessRunner.RepoRoot ?? throw new InvalidOperationException("no repository root above the test binaries");
        return Path.Combine(root, "docs", folder, file);
    }

    private static FeatureMap Crop(string path, int left, int top, int width, int height)
    {
        var photo = ImageReader.Read(path).Rgb;
        return SyntheticClips.Sample(photo, width, height, left, top);
    }
}
