using Cin.Engine;
using Cin.Engine.Imaging;
using Cin.Engine.Photos;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Cli.Tests;

/// <summary>`cin styles --sheet`: every style on one labelled picture.</summary>
public sealed class ContactSheetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheSheetShowsThePhotoAndEveryStyleWithLabels()
    {
        string sheet = _folder.File("sheet.png");

        var result = CinRunner.Run("styles", "--sheet", sheet, "--tile-size", "96");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(@"^.*sheet\.png: \d+x\d+, 2 styles of tiny, \d+\.\d\d s\n$", result.Output);
        using var image = Image.Load<Rgba32>(sheet);
        // Three tiles (the photo and two styles) of 96x64 (the built-in scene is 3:2), with label bands and gaps.
        Assert.True(image.Width >= 3 * 96 || image.Height >= 3 * 64, $"{image.Width}x{image.Height}");
        // The labels are drawn: light text pixels on the dark background under the first tile.
        int light = 0;
        for (int y = 8 + 64; y < 8 + 64 + 40; y++)
        for (int x = 8; x < 8 + 96; x++)
            if (image[x, y].R > 200) light++;
        Assert.True(light > 30, $"only {light} text pixels under the first tile");
    }

    [Fact]
    public void TheSheetCanUseAPhotoAndRefusesToOverwrite()
    {
        string photo = _folder.File("photo.jpg"), sheet = _folder.File("sheet.jpg");
        TestImages.SaveJpeg(photo, 60, 90);

        Assert.Equal(ExitCodes.Success, CinRunner.Run("styles", "--sheet", sheet, "--photo", photo, "--tile-size", "64").ExitCode);
        var again = CinRunner.Run("styles", "--sheet", sheet, "--photo", photo);
        var missing = CinRunner.Run("styles", "--sheet", _folder.File("other.jpg"), "--photo", _folder.File("nope.jpg"));

        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Contains("already exists", again.SingleErrorLine());
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Equal($"cin: {_folder.File("nope.jpg")}: no such file", missing.SingleErrorLine());
        Assert.False(File.Exists(_folder.File("other.jpg")));
    }

    [Fact]
    public void EveryGlyphFitsItsCell()
    {
        foreach (char c in BitmapFont.Characters)
        {
            var map = new FeatureMap(BitmapFont.GlyphHeight + 2, BitmapFont.GlyphWidth + 2, 3);
            BitmapFont.Draw(map, c.ToString(), 1, 1, 1, 1, 1, 1);
            for (int y = 0; y < map.Height; y++)
            for (int x = 0; x < map.Width; x++)
            {
                bool border = y == 0 || x == 0 || y == map.Height - 1 || x == map.Width - 1;
                if (border) Assert.True(map[y, x, 0] == 0, $"'{c}' draws outside its cell at ({x},{y})");
            }
            if (c != ' ') Assert.Contains(map.Data, v => v > 0);
        }
        Assert.Equal(95, BitmapFont.Characters.Count());
        Assert.Equal((3 * BitmapFont.Advance - 1) * 2, BitmapFont.Measure("abc", 2));
    }

    [Theory]
    [InlineData("19 starry-night", 20, new[] { "19 starry-night" })]
    [InlineData("26 patterned-coral-landscape", 20, new[] { "26 patterned-coral-", "landscape" })]
    [InlineData("0 delaunay-eiffel-tower", 20, new[] { "0 delaunay-eiffel-", "tower" })]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghij", 20, new[] { "abcdefghijklmnopqrst", "uvwxyz0123456789ab.." })]
    public void LabelsWrapAtHyphens(string label, int width, string[] lines)
    {
        Assert.Equal(lines, ContactSheet.Wrap(label, width).ToArray());
    }
}
