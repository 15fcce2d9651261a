using System.Runtime.Intrinsics.X86;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Cli.Tests;

/// <summary>
/// The NativeAOT binary from `dotnet pwsh ./build.ps1`, where trimming and ahead-of-time compilation can break what
/// works under the JIT (TIFF and EXIF decoding did). Skipped until the binary has been published.
/// </summary>
public sealed class PublishedBinaryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _cin = ProcessRunner.PublishedCin
        ?? SkipNow<string>("no published binary at artifacts/publish/cin; run 'dotnet pwsh ./build.ps1' first");

    public void Dispose() => _folder.Dispose();

    private static T SkipNow<T>(string reason)
    {
        Assert.Skip(reason);
        return default!;
    }

    private CinResult Cin(params string[] args) => ProcessRunner.Run(_cin, args);

    private string FirstStyle()
    {
        var styles = Cin("styles");
        if (styles.ExitCode != 0) Assert.Skip($"the published cin has no usable model: {styles.Error.Trim()}");
        return styles.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }

    [Fact]
    public void PublishedFolderHoldsOnlyTheExecutable()
    {
        Assert.Equal(["cin"], Directory.GetFileSystemEntries(Path.GetDirectoryName(_cin)!).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public void VersionReportsTheAvx2Paths()
    {
        if (!Avx2.IsSupported) Assert.Skip("this CPU has no AVX2, which the binary is compiled for");
        var result = Cin("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"simd: [^;)]*\bvector256\b", result.Output);
        Assert.Matches(@"simd: [^;)]*\bavx2 fma\b", result.Output);
    }

    [Theory]
    [InlineData("in.tif")]
    [InlineData("in.webp")]
    [InlineData("in.gif")]
    [InlineData("in.bmp")]
    public void ReadsFormatsInTheNativeBuild(string name)
    {
        string style = FirstStyle();
        string input = _folder.File(name), output = _folder.File("out.png");
        using (var image = TestImages.Gradient(45, 27)) image.Save(input);

        var result = Cin(input, "-o", output, "--style", style);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal((45, 27), TestImages.Size(output));
    }

    [Theory]
    [InlineData("out.tif")]
    [InlineData("out.webp")]
    [InlineData("out.bmp")]
    [InlineData("out.jpg")]
    public void WritesFormatsInTheNativeBuild(string name)
    {
        string style = FirstStyle();
        string input = _folder.File("in.png"), output = _folder.File(name);
        TestImages.SavePng(input, 45, 27);

        var result = Cin(input, "-o", output, "--style", style, "--quality", "80");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal((45, 27), TestImages.Size(output));
    }

    [Fact]
    public void AppliesExifOrientationInTheNativeBuild()
    {
        string style = FirstStyle();
        string input = _folder.File("rotated.jpg"), output = _folder.File("out.jpg");
        TestImages.SaveJpeg(input, 40, 24, orientation: 8);

        var result = Cin(input, "-o", output, "--style", style);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal((24, 40), TestImages.Size(output));
    }

    [Fact]
    public void KeepsPngAlphaInTheNativeBuild()
    {
        string style = FirstStyle();
        string input = _folder.File("in.png"), output = _folder.File("out.png");
        TestImages.SavePng(input, 33, 21, translucent: true);

        Assert.Equal(0, Cin(input, "-o", output, "--style", style).ExitCode);

        using var before = Image.Load<Rgba32>(input);
        using var after = Image.Load<Rgba32>(output);
        for (int y = 0; y < before.Height; y++)
        for (int x = 0; x < before.Width; x++)
            Assert.Equal(before[x, y].A, after[x, y].A);
    }

    [Fact]
    public void BadInputsFailCleanlyInTheNativeBuild()
    {
        string style = FirstStyle();
        string truncated = _folder.File("cut.jpg"), text = _folder.File("notes.png"), empty = _folder.File("empty.jpg");
        TestImages.SaveJpeg(truncated, 64, 48);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..300]);
        File.WriteAllText(text, "not a picture");
        File.WriteAllBytes(empty, []);

        foreach (string input in new[] { truncated, text, empty, _folder.File("missing.jpg") })
        {
            var result = Cin(input, "-o", _folder.File("out.png"), "--style", style);
            Assert.Equal(1, result.ExitCode);
            Assert.Matches($"^cin: {System.Text.RegularExpressions.Regex.Escape(input)}: [^\n]+\n$", result.Error);
        }
        Assert.False(File.Exists(_folder.File("out.png")));
        Assert.Empty(_folder.TempFiles());
    }
}
