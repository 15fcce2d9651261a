using Cin.Engine.Learning;
using Cin.TestSupport.Learning;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Tests.Learning;

/// <summary>
/// The painting is centre-cropped to the nearest size the loss network takes, each side on its own: a painting whose
/// width alone is refused (Brooklyn Bridge at 256 px is 232x256) must lose a few columns, not be called too small.
/// </summary>
public sealed class PaintingSizeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cin-painting-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Painting(int width, int height)
    {
        string path = Path.Combine(_folder, $"p{width}x{height}.png");
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(x * 7), (byte)(y * 5), (byte)(x + y));
        image.SaveAsPng(path);
        return path;
    }

    [Theory]
    [InlineData(58, 64, 56, 64)]   // the width alone is refused (58 is not a multiple of 4)
    [InlineData(64, 58, 64, 56)]   // the height alone
    [InlineData(59, 63, 56, 60)]   // both
    [InlineData(64, 64, 64, 64)]   // neither: kept as it is
    public void EachSideIsCroppedToTheNearestAcceptedSize(int width, int height, int expectedWidth, int expectedHeight)
    {
        var painting = LearnSession.Painting(Painting(width, height), styleSize: 256, new PoolingLossNetwork());
        Assert.Equal((expectedWidth, expectedHeight), (painting.Width, painting.Height));
        // Centred: the first kept column is the one (width - kept) / 2 in, read back through the 8-bit file.
        int left = (width - expectedWidth) / 2, top = (height - expectedHeight) / 2;
        Assert.Equal((byte)(left * 7) / 255f, painting[0, 0, 0], 1e-6f);
        Assert.Equal((byte)(top * 5) / 255f, painting[0, 0, 1], 1e-6f);
    }
}
