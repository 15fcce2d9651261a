using Cin.Engine;
using Cin.Engine.Network;
using Cin.Engine.Styles;
using Cin.TestSupport;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>
/// Convert-CinImage -Style and Get-CinStyle with learned styles and a second model, by the engine's one rule
/// (StyleLookup) that cin's --style follows too: names found in whichever model has them, ambiguity and cross-model
/// blends refused, and a bad style file reported when its style is asked for.
/// </summary>
[Collection(CinShell.Collection)]
public sealed class LearnedStyleTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CinShell _shell;
    private readonly string _styles;

    public LearnedStyleTests()
    {
        _shell = new CinShell(_folder.Path, new TwoModels());
        _styles = Path.Combine(_folder.Path, "styles");
        Directory.CreateDirectory(_styles);
        TestImages.SavePng(_folder.File("photo.png"));
    }

    public void Dispose()
    {
        _shell.Dispose();
        _folder.Dispose();
    }

    private static readonly TinyNetwork Network = new();

    /// <summary>The tiny network's built-in row <paramref name="index"/> as a learned style of <paramref name="model"/>.</summary>
    private string Save(string name, int index, ModelInfo model, string? file = null, string? fingerprint = null)
    {
        var style = new LearnedStyle(name, model.Name, fingerprint ?? model.WeightsSha256,
            new PaintingSource("painting.jpg", new string('a', 64)), 10, new StyleLosses(0.5, 0.5, 0.01),
            [new NormRow(LearnedStyleBinding.NormLayers(Network)[0].Name, Network.GammaTable(0).Slice(index * 3, 3).ToArray(),
                Network.BetaTable(0).Slice(index * 3, 3).ToArray())]);
        string path = Path.Combine(_styles, (file ?? name) + StyleFileFormat.Extension);
        StyleFileFormat.Write(path, style, overwrite: true);
        return path;
    }

    [Fact]
    public void ALearnedStyleEqualToABuiltInRowPaintsExactlyLikeIt()
    {
        Save("wave-copy", 1, TinyNetwork.Model);

        var result = _shell.Run("Convert-CinImage photo.png -Style wave-copy -Destination copy.png; " +
                                "Convert-CinImage photo.png -Style great-wave -Destination wave.png; " +
                                "Convert-CinImage photo.png -Style starry-night -Destination starry.png; " +
                                "Convert-CinImage photo.png -Style @{ 'wave-copy' = 0.5; 'starry-night' = 0.5 } -Destination blend.png; " +
                                "Convert-CinImage photo.png -Style @{ 'great-wave' = 0.5; 'starry-night' = 0.5 } -Destination blend-built-in.png");

        Assert.Empty(result.Errors);
        Assert.Equal(TestImages.Pixels(_folder.File("wave.png")), TestImages.Pixels(_folder.File("copy.png")));
        Assert.NotEqual(TestImages.Pixels(_folder.File("starry.png")), TestImages.Pixels(_folder.File("copy.png")));
        Assert.Equal(TestImages.Pixels(_folder.File("blend-built-in.png")), TestImages.Pixels(_folder.File("blend.png")));
    }

    [Fact]
    public void AStyleIsFoundInWhicheverModelHasItAndGetCinStyleFindsItToo()
    {
        Save("kiss-again", 1, TwoModels.Other);

        var result = _shell.Run("Convert-CinImage photo.png -Style the-kiss -Destination '{model}-{style}.png'; " +
                                "Convert-CinImage photo.png -Style kiss-again -Destination '{model}-{style}.png'; " +
                                "Convert-CinImage photo.png -Style starry-night -Destination '{model}-{style}.png'");
        Assert.Empty(result.Errors);
        Assert.True(File.Exists(_folder.File("other-the-kiss.png")));
        Assert.True(File.Exists(_folder.File("other-kiss-again.png")));
        Assert.True(File.Exists(_folder.File("tiny-starry-night.png"))); // the default model's built-in name

        var found = _shell.Run("Get-CinStyle the-kiss");
        Assert.Empty(found.Errors);
        Assert.Equal(("other", "the-kiss"), Assert.IsType<CinStyle>(Assert.Single(found.Output)) is var s ? (s.Model, s.Name) : default);
    }

    [Fact]
    public void AmbiguousNamesAndCrossModelBlendsAreErrorsWithTheChoices()
    {
        Save("shared", 0, TinyNetwork.Model, "shared-tiny");
        Save("shared", 0, TwoModels.Other, "shared-other");

        var ambiguous = _shell.Run("Convert-CinImage photo.png -Style shared");
        Assert.Equal(["InvalidStyle"], ambiguous.ErrorIds);
        Assert.Equal("Style 'shared' is in more than one model: tiny/shared, other/shared. Choose one with -Model.", ambiguous.Errors[0].Exception.Message);

        var narrowed = _shell.Run("Convert-CinImage photo.png -Style shared -Model other -Destination '{model}-{style}.png'");
        Assert.Empty(narrowed.Errors);
        Assert.True(File.Exists(_folder.File("other-shared.png")));

        var across = _shell.Run("Convert-CinImage photo.png -Style @{ 'great-wave' = 0.5; 'the-kiss' = 0.5 }");
        Assert.Equal(["InvalidStyle"], across.ErrorIds);
        Assert.StartsWith("A blend takes styles of one model:", across.Errors[0].Exception.Message);
    }

    [Fact]
    public void AStyleFileLeftOutIsAWarningInTheListAndTheErrorWhenAskedFor()
    {
        string stale = Save("stale", 0, TinyNetwork.Model, fingerprint: new string('9', 64));
        Save("fine", 0, TinyNetwork.Model);

        var listed = _shell.Run("Get-CinStyle");
        Assert.Contains("fine", listed.Output.Cast<CinStyle>().Select(s => s.Name));
        Assert.StartsWith($"{stale}: was learned on model 'tiny' with weights sha256=999999999999...", Assert.Single(listed.Warnings));

        var asked = _shell.Run("Convert-CinImage photo.png -Style stale");
        Assert.Equal(["StyleFileInvalid"], asked.ErrorIds);
        Assert.StartsWith($"{stale}: was learned on model 'tiny'", asked.Errors[0].Exception.Message);
        Assert.False(File.Exists(_folder.File("photo-stale.png")));
    }

    /// <summary>The tiny model and "other": the same network under another name, fingerprint and style names.</summary>
    private sealed class TwoModels : IModelCatalog
    {
        public static ModelInfo Other { get; } = new("other", "Other test model", "MIT", "tests", SizeMultiple: 1, MinimumSize: 3,
            [
                new StyleInfo(0, "starry-night", [], "The Starry Night", "Vincent van Gogh", "1889", "test"),
                new StyleInfo(1, "the-kiss", [], "The Kiss", "Gustav Klimt", "1908", "test"),
            ])
        {
            WeightsSha256 = new string('8', 64),
        };

        private readonly Lazy<StyleNetwork> _other = new(() => new RenamedNetwork(new TinyNetwork(), Other));

        public IReadOnlyList<ModelInfo> Models => [TinyNetwork.Model, Other];
        public string DefaultModel => "tiny";
        public StyleNetwork Load(string name) => name == "other" ? _other.Value : TinyCatalog.Instance.Load(name);
    }
}
