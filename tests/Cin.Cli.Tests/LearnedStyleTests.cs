using Cin.Engine;
using Cin.Engine.Network;
using Cin.Engine.Styles;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Cin.TestSupport;

namespace Cin.Cli.Tests;

/// <summary>
/// Learned styles are first-class in the command: `cin styles` lists them beside the built-in ones for every model,
/// --style finds a name in whichever model has it, --style-file uses a file directly, and a bad file is one line.
/// Two models share the tiny network here ("tiny" and "other", with different fingerprints), and the style files are
/// written with <see cref="StyleFileFormat"/> into the test's own style folder.
/// </summary>
public sealed class LearnedStyleTests : IDisposable
{
    private static readonly string StaleFingerprint = new('9', 64);
    private readonly TempFolder _folder = new();
    private readonly string _styles;
    private readonly string _photo;
    private readonly TwoModelCatalog _catalog = new();

    public LearnedStyleTests()
    {
        _styles = Path.Combine(_folder.Path, "styles");
        Directory.CreateDirectory(_styles);
        _photo = _folder.File("photo.png");
        TestImages.SavePng(_photo, 24, 20);
    }

    public void Dispose() => _folder.Dispose();

    private CinResult Cin(params string[] args) => CinRunner.RunWithStyles(_catalog, CinConsole.Redirected, _styles, args);

    /// <summary>Tiny's built-in row <paramref name="index"/> (0 starry-night, 1 great-wave) as a learned style.</summary>
    private static LearnedStyle RowOf(string name, int index, string model = "tiny") =>
        Learned(name, model, Slice(TinyNetwork0.GammaTable(0), index), Slice(TinyNetwork0.BetaTable(0), index));

    /// <summary>The mean of tiny's two rows, as a learned style starts.</summary>
    private static LearnedStyle Mean(string name, string model = "tiny")
    {
        float[] g0 = Slice(TinyNetwork0.GammaTable(0), 0), g1 = Slice(TinyNetwork0.GammaTable(0), 1);
        float[] b0 = Slice(TinyNetwork0.BetaTable(0), 0), b1 = Slice(TinyNetwork0.BetaTable(0), 1);
        return Learned(name, model, g0.Zip(g1, (a, b) => (a + b) / 2).ToArray(), b0.Zip(b1, (a, b) => (a + b) / 2).ToArray());
    }

    private static readonly TinyNetwork TinyNetwork0 = new();

    private static float[] Slice(ReadOnlySpan<float> table, int style) => table.Slice(style * 3, 3).ToArray();

    private static LearnedStyle Learned(string name, string model, float[] gamma, float[] beta) => new(
        name, model, model == "tiny" ? TinyNetwork.Model.WeightsSha256 : TwoModelCatalog.Other.WeightsSha256,
        new PaintingSource($"{name} painting.jpg", new string('a', 64)), 100, new StyleLosses(0.5, 0.6, 0.01),
        [new NormRow(LearnedStyleBinding.NormLayers(TinyNetwork0)[0].Name, gamma, beta)]);

    private string Save(LearnedStyle style, string? file = null)
    {
        string path = file ?? Path.Combine(_styles, style.Name + StyleFileFormat.Extension);
        StyleFileFormat.Write(path, style, overwrite: true);
        return path;
    }

    private static Rgba32[] Pixels(string path)
    {
        using var image = Image.Load<Rgba32>(path);
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    /// <summary>Stylizes the photo with <paramref name="args"/> into <paramref name="name"/>; its pixels.</summary>
    private Rgba32[] Stylize(string name, params string[] args)
    {
        var result = Cin([_photo, "-o", _folder.File(name), .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return Pixels(_folder.File(name));
    }

    [Fact]
    public void StylesListsBuiltInAndLearnedStylesOfEveryModelWithTheirOrigin()
    {
        string mean = Save(Mean("mean"));
        string kiss = Save(RowOf("kiss-again", 1, "other"));
        string stale = Save(Mean("stale") with { ModelFingerprint = StaleFingerprint });
        string broken = Path.Combine(_styles, "broken.cinstyle");
        File.WriteAllText(broken, "format cin-style 1\nname broken\nnonsense\n");

        var result = Cin("styles");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.Matches(@"^index\s+name\s+aliases\s+model\s+origin\s+title$", lines[0]);
        Assert.Matches(@"^\s*0\s+starry-night\s+0\s+tiny\s+built-in\s+The Starry Night", lines[1]);
        Assert.Matches($@"^\s*2\s+mean\s+-\s+tiny\s+{Regex(mean)}\s+mean painting \(learned\)$", lines[3]);
        Assert.Matches(@"^\s*1\s+the-kiss\s+-\s+other\s+built-in\s+The Kiss \(Gustav Klimt, 1908\)$", lines[5]);
        Assert.Matches($@"^\s*2\s+kiss-again\s+-\s+other\s+{Regex(kiss)}\s+kiss-again painting \(learned\)$", lines[6]);
        // The files that cannot be used are warnings naming them (and the fingerprint); they do not stop the list.
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"cin: warning: {broken}:3: unknown line 'nonsense'", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"cin: warning: {stale}: was learned on model 'tiny' with weights sha256=999999999999...", StringComparison.Ordinal));

        var other = Cin("styles", "--model", "other");
        Assert.Equal(ExitCodes.Success, other.ExitCode);
        Assert.Equal(4, other.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(" tiny ", other.Output);
        Assert.DoesNotContain(other.ErrorLines, l => l.Contains(stale)); // tiny's problem, not other's
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    [Fact]
    public void TheContactSheetShowsAModelsLearnedStylesToo()
    {
        Save(Mean("mean"));
        string sheet = _folder.File("sheet.png");
        var result = Cin("styles", "--sheet", sheet, "--photo", _photo, "--tile-size", "64");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(", 3 styles of tiny, ", result.Output);
        Assert.True(File.Exists(sheet));
    }

    [Fact]
    public void AStyleIsFoundInWhicheverModelHasIt()
    {
        Save(RowOf("kiss-again", 1, "other"));
        Save(Mean("mean"));

        // {model} in the output name says which model ran.
        Assert.Equal(ExitCodes.Success, Cin(_photo, "-s", "the-kiss", "--name", "{model}-{style}.png").ExitCode);
        Assert.Equal(ExitCodes.Success, Cin(_photo, "-s", "kiss-again", "--name", "{model}-{style}.png").ExitCode);
        Assert.Equal(ExitCodes.Success, Cin(_photo, "-s", "mean=0.5,starry-night=0.5", "--name", "{model}-{style}.png").ExitCode);
        // A name both models have built in keeps meaning the default model's.
        Assert.Equal(ExitCodes.Success, Cin(_photo, "-s", "starry-night", "--name", "{model}-{style}.png").ExitCode);
        Assert.Equal(ExitCodes.Success, Cin(_photo, "-s", "starry-night", "--model", "other", "--name", "{model}-{style}.png").ExitCode);

        foreach (string made in new[] { "other-the-kiss.png", "other-kiss-again.png", "tiny-starry-night+mean.png", "tiny-starry-night.png", "other-starry-night.png" })
            Assert.True(File.Exists(_folder.File(made)), made);
    }

    [Fact]
    public void ANameInSeveralModelsIsAnErrorListingTheChoicesAndModelNarrowsIt()
    {
        Save(Mean("shared"), Path.Combine(_styles, "shared-tiny.cinstyle"));
        Save(Mean("shared", "other"), Path.Combine(_styles, "shared-other.cinstyle"));

        var result = Cin(_photo, "-s", "shared");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("cin: Style 'shared' is in more than one model: tiny/shared, other/shared. Choose one with --model.", result.SingleErrorLine());

        Assert.Equal(ExitCodes.Success, Cin(_photo, "-s", "shared", "--model", "other", "--name", "{model}-{style}.png").ExitCode);
        Assert.True(File.Exists(_folder.File("other-shared.png")));
    }

    [Fact]
    public void ABlendAcrossTwoModelsIsRefused()
    {
        var result = Cin(_photo, "-o", _folder.File("out.png"), "-s", "great-wave=0.5,the-kiss=0.5");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("cin: A blend takes styles of one model: 'great-wave' is in tiny, 'the-kiss' is in other.", result.SingleErrorLine());
        Assert.False(File.Exists(_folder.File("out.png")));
    }

    [Fact]
    public void ALearnedStyleEqualToABuiltInRowStylizesExactlyLikeIt()
    {
        Save(RowOf("wave-copy", 1));
        Save(Mean("mean"));

        var copy = Stylize("copy.png", "-s", "wave-copy");
        var builtIn = Stylize("built-in.png", "-s", "great-wave");
        var starry = Stylize("starry.png", "-s", "starry-night");
        Assert.Equal(builtIn, copy);
        Assert.NotEqual(starry, copy); // the styles differ visibly, so the equality above says something

        // The mean of the two rows is the half-and-half blend, and learned names blend with built-in ones.
        Assert.Equal(Stylize("half.png", "-s", "starry-night=0.5,great-wave=0.5"), Stylize("mean.png", "-s", "mean"));
        Assert.Equal(Stylize("blend.png", "-s", "starry-night=0.25,great-wave=0.75"), Stylize("blend-copy.png", "-s", "starry-night=0.25,wave-copy=0.75"));
    }

    [Fact]
    public void AStyleFileIsUsedDirectlyAloneOrInABlend()
    {
        string elsewhere = Path.Combine(_folder.Path, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        string file = Save(RowOf("solo", 1), Path.Combine(elsewhere, "solo.cinstyle"));

        Assert.Equal(Stylize("wave.png", "-s", "great-wave"), Stylize("solo.png", "--style-file", file));
        Assert.Equal(Stylize("blend.png", "-s", "great-wave=0.5,starry-night=0.5"),
            Stylize("solo-blend.png", "--style-file", file, "-s", "solo=0.5,starry-night=0.5"));

        // Named after the file's style when no --style is given.
        Assert.Equal(ExitCodes.Success, Cin(_photo, "--style-file", file).ExitCode);
        Assert.True(File.Exists(_folder.File("photo-solo.png")));
    }

    [Fact]
    public void AStyleFileTakesThePlaceOfTheLearnedStyleOfItsName()
    {
        Save(RowOf("mine", 0)); // in the style folder: starry-night's row
        string newer = Save(RowOf("mine", 1), _folder.File("mine.cinstyle")); // given directly: great-wave's row
        Assert.Equal(Stylize("wave.png", "-s", "great-wave"), Stylize("mine.png", "--style-file", newer, "-s", "mine"));
    }

    [Fact]
    public void ABadStyleFileIsOneLineNamingTheFileAndTheProblem()
    {
        string stale = Save(Mean("stale") with { ModelFingerprint = StaleFingerprint }, _folder.File("stale.cinstyle"));
        string corrupt = _folder.File("corrupt.cinstyle");
        File.WriteAllBytes(corrupt, [0x89, 0x50, 0x4E, 0x47, 0xFF, 0xFE]);
        string unknownModel = Save(Mean("elsewhere") with { Model = "picasso" }, _folder.File("picasso.cinstyle"));
        string clash = Save(RowOf("great-wave", 1), _folder.File("clash.cinstyle"));
        string tinyStyle = Save(Mean("tiny-one"), _folder.File("tiny-one.cinstyle"));
        string missing = _folder.File("missing.cinstyle");

        (string[] Args, int Exit, string Line)[] cases =
        [
            (["--style-file", stale], ExitCodes.Failure,
                $"cin: {stale}: was learned on model 'tiny' with weights sha256=999999999999..., but this cin's 'tiny' has weights sha256=777777777777...; learn it again"),
            (["--style-file", corrupt], ExitCodes.Failure, $"cin: {corrupt}: is not UTF-8 text (not a style file?)"),
            (["--style-file", unknownModel], ExitCodes.Failure, $"cin: {unknownModel}: is a style for model 'picasso', which this cin does not have (it has tiny, other)"),
            (["--style-file", clash], ExitCodes.Failure, $"cin: {clash}: model 'tiny' already has a style named 'great-wave'; rename the file's style"),
            (["--style-file", tinyStyle, "--model", "other"], ExitCodes.Failure, $"cin: {tinyStyle}: is a style for model 'tiny', not 'other'"),
            (["--style-file", missing], ExitCodes.Failure, $"cin: {missing}: no such file"),
            (["--style-file", tinyStyle, "-s", "tiny-one=0.5,the-kiss=0.5"], ExitCodes.Usage, "cin: Unknown style 'the-kiss' in model 'tiny'. 'cin styles' lists them."),
            ([], ExitCodes.Usage, "cin: no style given: use --style NAME ('cin styles' lists them), a blend such as --style starry-night=0.7,great-wave=0.3, or --style-file FILE"),
        ];
        foreach (var (args, exit, line) in cases)
        {
            var result = Cin([_photo, "-o", _folder.File("out.png"), .. args]);
            Assert.True(exit == result.ExitCode, $"{string.Join(' ', args)}: exit {result.ExitCode}: {result.Error}");
            Assert.Equal(line, result.SingleErrorLine());
            Assert.False(File.Exists(_folder.File("out.png")));
        }
    }

    [Fact]
    public void AskingForAStyleWhoseFileWasLeftOutReportsThatFile()
    {
        string stale = Save(Mean("stale") with { ModelFingerprint = StaleFingerprint });
        string broken = Path.Combine(_styles, "broken.cinstyle");
        File.WriteAllText(broken, "format cin-style 1\nname broken\n");
        Save(Mean("fine"));

        var result = Cin(_photo, "-o", _folder.File("out.png"), "-s", "stale");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"cin: {stale}: was learned on model 'tiny' with weights sha256=999999999999...", result.SingleErrorLine());

        result = Cin(_photo, "-o", _folder.File("out.png"), "-s", "broken");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {broken}: has no 'model' line", result.SingleErrorLine());

        // The other styles are untouched by the bad files.
        Assert.Equal(ExitCodes.Success, Cin(_photo, "-o", _folder.File("fine.png"), "-s", "fine").ExitCode);
    }

    [Fact]
    public void AVideoRunResolvesStylesByTheSameRule()
    {
        // Decided before ffmpeg is looked for: the same lines as for a photo.
        Save(Mean("shared"), Path.Combine(_styles, "shared-tiny.cinstyle"));
        Save(Mean("shared", "other"), Path.Combine(_styles, "shared-other.cinstyle"));
        string stale = Save(Mean("stale") with { ModelFingerprint = StaleFingerprint }, _folder.File("stale.cinstyle"));
        string clip = _folder.File("clip.mp4");
        foreach (string[] args in new[] { new[] { "-s", "shared" }, ["-s", "great-wave=0.5,the-kiss=0.5"], ["--style-file", stale] })
        {
            var video = Cin([clip, .. args]);
            var photo = Cin([_photo, .. args]);
            Assert.NotEqual(ExitCodes.Success, video.ExitCode);
            Assert.Equal(photo.ExitCode, video.ExitCode);
            Assert.Equal(photo.SingleErrorLine(), video.SingleErrorLine());
        }
    }

    [Fact]
    public void AVideoIsStylizedWithALearnedStyle()
    {
        Video.Ffmpeg.Tools();
        Save(Mean("mean"));
        string clip = _folder.File("clip.mp4");
        Video.Ffmpeg.MakeClip(clip, 32, 24, "10", 3, audio: false, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        var result = Cin(clip, "-o", _folder.File("out.mp4"), "-s", "mean", "--temporal", "off");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("3 frames", result.Output);
        Assert.Contains("style mean", result.Output);
    }
}

/// <summary>The tiny model and a second one, "other", with the same network under another name, fingerprint and style names.</summary>
internal sealed class TwoModelCatalog : IModelCatalog
{
    public static ModelInfo Other { get; } = new(
        "other", "Other test model", "MIT", "tests", SizeMultiple: 4, MinimumSize: 5,
        [
            new StyleInfo(0, "starry-night", [], "The Starry Night", "Vincent van Gogh", "1889", "test"),
            new StyleInfo(1, "the-kiss", [], "The Kiss", "Gustav Klimt", "1908", "test"),
        ])
    {
        WeightsSha256 = new string('8', 64),
    };

    private readonly Lazy<StyleNetwork> _tiny = new(() => new TinyNetwork());
    private readonly Lazy<StyleNetwork> _other = new(() => new RenamedNetwork(new TinyNetwork(), Other));

    public IReadOnlyList<ModelInfo> Models => [TinyNetwork.Model, Other];
    public string DefaultModel => "tiny";

    public StyleNetwork Load(string name) => name switch
    {
        "tiny" => _tiny.Value,
        "other" => _other.Value,
        _ => throw new ArgumentException(name),
    };
}
