using Cin.Engine;
using Cin.Engine.Imaging;
using Cin.Engine.Photos;

namespace Cin.Cli.Tests;

/// <summary>
/// Makes the pictures under docs/everyday with cin itself: every panel is a real cin run (the published binary when
/// there is one, else the one built beside these tests); only the labelled layout is done here, with cin's own
/// contact-sheet code and bitmap font. Runs when CIN_DOCS_PICTURES=1, since it rewrites files in the repository:
///   CIN_DOCS_PICTURES=1 dotnet test tests/Cin.Cli.Tests -- --filter-class Cin.Cli.Tests.DocsPictures
/// </summary>
public sealed class DocsPictures : IDisposable
{
    private const string Photo = "sun-hays80-lighthouse-sun-akeqnxvbhbktajfl.jpg";
    private const string Style = "starry-night";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void EverydayOptionsSideBySide()
    {
        string docs = Docs();
        string photo = SharedPhoto();
        string cin = ProcessRunner.PublishedCin ?? ProcessRunner.BuiltCin;
        var (width, height) = TestImages.Size(photo);
        int longSide = Math.Max(width, height);

        // Each panel: the label a reader sees, and cin's options for it.
        (string Label, string[] Options)[] panels =
        [
            ("the photo", ["--strength", "0"]),
            ($"--style {Style}", []),
            ("--strength 0.5", ["--strength", "0.5"]),
            ("--keep-colors", ["--keep-colors"]),
            ($"--work-size {longSide / 2}", ["--work-size", (longSide / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            ($"--work-size {longSide * 2}", ["--work-size", (longSide * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        ];
        var tiles = new List<(string, FeatureMap)>();
        foreach (var (label, options) in panels)
        {
            string output = _folder.File($"panel-{tiles.Count}.png");
            var result = ProcessRunner.Run(cin, [photo, "-o", output, "--style", Style, .. options]);
            Assert.True(result.ExitCode == 0, result.Error);
            tiles.Add((label, ImageReader.Read(output).Rgb));
        }
        FeatureMap sheet = ContactSheet.Compose(tiles, columns: 3);
        string target = Path.Combine(docs, "everyday-options.jpg");
        ImageWriter.Write(sheet, null, target, new ImageWriteOptions(Quality: 88, Overwrite: true));
        TestContext.Current.TestOutputHelper?.WriteLine($"{target}: {sheet.Width}x{sheet.Height} from {photo} ({width}x{height})");
    }

    [Fact]
    public void StyleContactSheet()
    {
        string docs = Docs();
        string cin = ProcessRunner.PublishedCin ?? ProcessRunner.BuiltCin;
        string target = Path.Combine(docs, "styles-sheet.jpg");
        var result = ProcessRunner.Run(cin, "styles", "--sheet", target, "--photo", SharedPhoto(), "--tile-size", "200", "--force");
        Assert.True(result.ExitCode == 0, result.Error);
        TestContext.Current.TestOutputHelper?.WriteLine(result.Output);
    }

    private static string Docs()
    {
        if (Environment.GetEnvironmentVariable("CIN_DOCS_PICTURES") != "1") Assert.Skip("set CIN_DOCS_PICTURES=1 to remake the pictures in docs/everyday");
        string root = ProcessRunner.RepoRoot ?? throw new InvalidOperationException("no repository root");
        string docs = Path.Combine(root, "docs", "everyday");
        Directory.CreateDirectory(docs);
        return docs;
    }

    private static string SharedPhoto()
    {
        string? root = ProcessRunner.RepoRoot;
        string path = Path.Combine(root ?? "", "..", "shared", "data", "content", Photo);
        if (!File.Exists(path)) Assert.Skip($"the photo {Photo} from ../shared/data/content is not here");
        return Path.GetFullPath(path);
    }
}
