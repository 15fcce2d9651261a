namespace Cin.Cli.Tests;

/// <summary>Every way the input can be wrong gives one line naming the file and the reason, and exit code 1.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private CinResult Stylize(string input) =>
        CinRunner.Run(input, "-o", _folder.File("out.png"), "--style", "starry-night");

    private void AssertFails(CinResult result, string input, string reason)
    {
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        string line = result.SingleErrorLine();
        Assert.StartsWith($"cin: {input}: ", line);
        Assert.Contains(reason, line);
        Assert.False(File.Exists(_folder.File("out.png")));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void MissingFile()
    {
        string input = _folder.File("nope.jpg");
        AssertFails(Stylize(input), input, "no such file");
    }

    [Fact]
    public void ZeroByteFile()
    {
        string input = _folder.File("empty.jpg");
        File.WriteAllBytes(input, []);
        AssertFails(Stylize(input), input, "the file is empty");
    }

    [Fact]
    public void TruncatedJpeg()
    {
        string input = _folder.File("cut.jpg");
        TestImages.SaveJpeg(input, 64, 48);
        byte[] whole = File.ReadAllBytes(input);
        File.WriteAllBytes(input, whole[..(whole.Length * 2 / 3)]);
        AssertFails(Stylize(input), input, "truncated");
    }

    [Theory]
    [InlineData("cut.jpg", "JPEG")]
    [InlineData("cut.png", "PNG")]
    [InlineData("cut.webp", "WebP")]
    [InlineData("cut.bmp", "BMP")]
    [InlineData("cut.tif", "TIFF")]
    [InlineData("cut.gif", "GIF")]
    public void HalfAFileInAnyFormat(string name, string format)
    {
        // Some decoders would fill the missing half with grey and carry on; cin refuses rather than stylize that.
        string input = _folder.File(name);
        using (var image = TestImages.Gradient(64, 48)) SixLabors.ImageSharp.ImageExtensions.Save(image, input);
        byte[] whole = File.ReadAllBytes(input);
        File.WriteAllBytes(input, whole[..(whole.Length / 2)]);
        AssertFails(Stylize(input), input, format);
    }

    [Fact]
    public void JpegCutInsideItsHeader()
    {
        string input = _folder.File("header.jpg");
        TestImages.SaveJpeg(input, 64, 48);
        File.WriteAllBytes(input, File.ReadAllBytes(input)[..40]);
        AssertFails(Stylize(input), input, "JPEG");
    }

    [Fact]
    public void TextFileNamedPng()
    {
        string input = _folder.File("notes.png");
        File.WriteAllText(input, "These are my notes, not a picture.\n");
        AssertFails(Stylize(input), input, "not an image cin can read");
    }

    [Fact]
    public void PngWithCorruptData()
    {
        string input = _folder.File("corrupt.png");
        TestImages.SavePng(input, 64, 48);
        byte[] bytes = File.ReadAllBytes(input);
        for (int i = 60; i < bytes.Length - 20; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(input, bytes);
        AssertFails(Stylize(input), input, "PNG");
    }

    [Fact]
    public void FolderGivenAsInputWithAFileAsOutput()
    {
        // A folder is a folder run, whose -o must be a folder too.
        string input = Directory.CreateDirectory(_folder.File("photos")).FullName;
        var result = Stylize(input);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("looks like a file", result.SingleErrorLine());
    }
}
