using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.Engine.Tests.Styles;

/// <summary>
/// The one rule that turns a style selection into a model and weights, built-in and learned styles alike, for both
/// front ends: names found across models, the default model's built-in names first, ambiguity with the choices,
/// blends within one model, style files given directly, and files left out reported when their style is asked for.
/// </summary>
public sealed class StyleLookupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ModelInfo Model(string name, string fingerprint, params string[] styles) =>
        new(name, name, "-", "-", 4, 8, styles.Select((s, i) => new StyleInfo(i, s, [$"{i}"], s, "-", "-", "-")).ToList())
        {
            WeightsSha256 = fingerprint,
        };

    private static readonly ModelInfo Magenta = Model("magenta", new string('1', 64), "starry-night", "great-wave");
    private static readonly ModelInfo Paintings = Model("paintings40", new string('2', 64), "starry-night", "the-kiss");

    private sealed class Models : IModelCatalog
    {
        IReadOnlyList<ModelInfo> IModelCatalog.Models => [Magenta, Paintings];
        public string DefaultModel => "magenta";
        public StyleNetwork Load(string name) => throw new InvalidOperationException("resolving a style loads no network");
    }

    private static LearnedStyle Style(string name, ModelInfo model) =>
        StyleFileTests.TinyStyle(name) with { Model = model.Name, ModelFingerprint = model.WeightsSha256 };

    private string Save(LearnedStyle style, string? file = null)
    {
        string path = _folder.File(file ?? style.Name + StyleFileFormat.Extension);
        StyleFileFormat.Write(path, style, overwrite: true);
        return path;
    }

    private LearnedStyleCatalog Catalog() => new(new Models(), LearnedStyleLibrary.Load(_folder.Path));

    private static string Describe(StyleChoice choice) =>
        $"{choice.Model.Name}: " + string.Join(",", choice.Weights.Select((w, i) => (w, i)).Where(p => p.w != 0).Select(p => $"{choice.Model.Styles[p.i].Name}={p.w}"));

    [Fact]
    public void ANameIsFoundInWhicheverModelHasIt()
    {
        Save(Style("mine", Paintings));
        Save(Style("ours", Magenta));
        var catalog = Catalog();
        Assert.Equal("paintings40: the-kiss=1", Describe(StyleLookup.Resolve(catalog, "the-kiss", null)));
        Assert.Equal("paintings40: mine=1", Describe(StyleLookup.Resolve(catalog, "mine", null)));
        Assert.Equal("paintings40: starry-night=0.5,mine=0.5", Describe(StyleLookup.Resolve(catalog, "mine=0.5,starry-night=0.5", null)));
        Assert.Equal("magenta: great-wave=0.5,ours=0.5", Describe(StyleLookup.Resolve(catalog, "ours=0.5,great-wave=0.5", null)));
        // The default model's built-in names and aliases keep meaning what they meant: both models have starry-night and "1".
        Assert.Equal("magenta: starry-night=1", Describe(StyleLookup.Resolve(catalog, "starry-night", null)));
        Assert.Equal("magenta: great-wave=1", Describe(StyleLookup.Resolve(catalog, "1", null)));
        Assert.Equal("paintings40: starry-night=1", Describe(StyleLookup.Resolve(catalog, "starry-night", "paintings40")));
    }

    [Fact]
    public void ALearnedNameInTwoModelsIsAmbiguousAndAModelNarrowsIt()
    {
        Save(Style("mine", Magenta), "mine-m.cinstyle");
        Save(Style("mine", Paintings), "mine-p.cinstyle");
        var catalog = Catalog();
        var e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "mine", null));
        Assert.Equal(StyleSelectionProblem.AmbiguousStyle, e.Problem);
        Assert.Equal("Style 'mine' is in more than one model: magenta/mine, paintings40/mine.", e.Message);
        e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "mine=0.5,starry-night=0.5", null));
        Assert.Equal("The styles 'mine', 'starry-night' are all in more than one model: magenta, paintings40.", e.Message);
        Assert.Equal("paintings40: mine=1", Describe(StyleLookup.Resolve(catalog, "mine", "paintings40")));
    }

    [Fact]
    public void OfTwoFilesWithOneNameInOneModelTheSecondIsLeftOut()
    {
        string first = Save(Style("twin", Magenta), "a-twin.cinstyle");
        string second = Save(Style("twin", Magenta), "b-twin.cinstyle");
        var catalog = Catalog();
        Assert.Equal(first, Assert.Single(catalog.Models[0].Styles, s => s.Name == "twin").Origin);
        Assert.Equal($"{second}: model 'magenta' already has a style named 'twin'; rename the file's style", Assert.Single(catalog.LeftOut).Message);
        Assert.Equal("magenta: twin=1", Describe(StyleLookup.Resolve(catalog, "twin", null)));
    }

    [Fact]
    public void ABlendAcrossModelsIsRefusedAndAnUnknownNameIsReportedInTheModelOfTheOthers()
    {
        var catalog = Catalog();
        var e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "great-wave=0.5,the-kiss=0.5", null));
        Assert.Equal(StyleSelectionProblem.BlendAcrossModels, e.Problem);
        e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "the-kiss=0.5,the-kis=0.5", null));
        Assert.Equal("Unknown style 'the-kis' in model 'paintings40'. Did you mean 'the-kiss'?", e.Message);
        Assert.Throws<ModelSelectionException>(() => StyleLookup.Resolve(catalog, "the-kiss", "picasso"));
        // A name no model has is reported in the model with a name close to it, else in the default model.
        e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "the-kis", null));
        Assert.Equal("Unknown style 'the-kis' in model 'paintings40'. Did you mean 'the-kiss'?", e.Message);
        e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "starry-nite", null));
        Assert.Equal("Unknown style 'starry-nite' in model 'magenta'. Did you mean 'starry-night'?", e.Message);
        e = Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "zzzzzzzzzzzz", null));
        Assert.Equal("Unknown style 'zzzzzzzzzzzz' in model 'magenta'.", e.Message);
    }

    [Fact]
    public void AStyleFileLeftOutIsTheErrorWhenItsStyleIsAskedFor()
    {
        string stale = Save(Style("stale", Magenta) with { ModelFingerprint = new string('9', 64) });
        string broken = _folder.File("broken.cinstyle");
        File.WriteAllText(broken, "format cin-style 1\nbogus\n");
        var catalog = Catalog();
        Assert.Equal(2, catalog.LeftOut.Count);
        var e = Assert.Throws<StyleFileException>(() => StyleLookup.Resolve(catalog, "stale", null));
        Assert.Equal(stale, e.Path);
        Assert.Contains("sha256=999999999999...", e.Message);
        e = Assert.Throws<StyleFileException>(() => StyleLookup.Resolve(catalog, "broken=1,starry-night=0", null));
        Assert.Equal($"{broken}:2: unknown line 'bogus' (expected name, model, model-weights, painting, steps, losses or norm)", e.Message);
        // Under another model's name the file is not the one meant.
        Assert.Throws<StyleSelectionException>(() => StyleLookup.Resolve(catalog, "stale", "paintings40"));
    }

    [Fact]
    public void AStyleFileGivenDirectlyIsTheStyleOrBlendsByName()
    {
        Save(Style("mine", Paintings)); // in the folder; the file given directly takes its place
        Directory.CreateDirectory(_folder.File("direct"));
        string direct = Save(Style("mine", Paintings) with { Steps = 7 }, "direct/elsewhere.cinstyle");
        string solo = Save(Style("solo", Magenta), "direct/solo-file.cinstyle");
        var catalog = Catalog();

        var choice = StyleLookup.Resolve(catalog, null, null, direct);
        Assert.Equal("paintings40: mine=1", Describe(choice));
        Assert.Equal(3, choice.Model.Styles.Count);
        Assert.Equal((direct, 7), (choice.Model.Styles[2].Origin, choice.Model.Styles[2].Learned!.Steps));
        Assert.Equal("mine", choice.Text);

        choice = StyleLookup.Resolve(catalog, "solo=0.25,great-wave=0.75", "magenta", solo);
        Assert.Equal("magenta: great-wave=0.75,solo=0.25", Describe(choice));
        Assert.Equal("solo=0.25,great-wave=0.75", choice.Text);

        var e = Assert.Throws<StyleFileException>(() => StyleLookup.Resolve(catalog, null, "paintings40", solo));
        Assert.Equal($"{solo}: is a style for model 'magenta', not 'paintings40'", e.Message);
        e = Assert.Throws<StyleFileException>(() => StyleLookup.Resolve(catalog, null, null, Save(Style("x", Magenta) with { ModelFingerprint = new string('9', 64) }, "x.cinstyle")));
        Assert.Contains("sha256=999999999999...", e.Message);
        e = Assert.Throws<StyleFileException>(() => StyleLookup.Resolve(catalog, null, null, Save(Style("great-wave", Magenta), "gw.cinstyle")));
        Assert.EndsWith("model 'magenta' already has a style named 'great-wave'; rename the file's style", e.Message);
    }
}
