using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.Engine.Tests.Styles;

public sealed class LearnedStyleCatalogTests
{
    private static readonly Lazy<TinyNetwork> Tiny = new(() => new TinyNetwork(Weights(TinyNetwork.WeightCount)));

    private static float[] Weights(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5) * 0.3f).ToArray();
    }

    private sealed class OneModel(StyleNetwork network) : IModelCatalog
    {
        public IReadOnlyList<ModelInfo> Models => [network.Info];
        public string DefaultModel => network.Info.Name;
        public StyleNetwork Load(string name) => network;
    }

    [Fact]
    public void ListsLearnedStylesAfterTheModelsOwnAndReportsTheFilesLeftOut()
    {
        using var folder = new TempFolder();
        StyleFileFormat.Write(Path.Combine(folder.Path, "b-mine.cinstyle"), StyleFileTests.TinyStyle("mine"), overwrite: false);
        StyleFileFormat.Write(Path.Combine(folder.Path, "c-clash.cinstyle"), StyleFileTests.TinyStyle("random-0"), overwrite: false);
        StyleFileFormat.Write(Path.Combine(folder.Path, "d-other.cinstyle"), StyleFileTests.TinyStyle("other") with { ModelFingerprint = new string('9', 64) }, overwrite: false);
        StyleFileFormat.Write(Path.Combine(folder.Path, "e-paper.cinstyle"), StyleFileTests.TinyStyle("for-paper") with { Model = "paper" }, overwrite: false);
        File.WriteAllText(Path.Combine(folder.Path, "a-broken.cinstyle"), "format cin-style 1\nname x\n");
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "not a style");

        var catalog = new LearnedStyleCatalog(new OneModel(Tiny.Value), LearnedStyleLibrary.Load(folder.Path));
        var model = Assert.Single(catalog.Models);
        Assert.Equal(["random-0", "random-1", "mine"], model.Styles.Select(s => s.Name));
        var mine = model.Styles[2];
        Assert.Equal(2, mine.Index);
        Assert.Equal(Path.Combine(folder.Path, "b-mine.cinstyle"), mine.Origin);
        Assert.Equal(StyleInfo.BuiltIn, model.Styles[0].Origin);
        Assert.Equal(3, catalog.Problems.Count);
        Assert.StartsWith(Path.Combine(folder.Path, "a-broken.cinstyle") + ": has no 'model' line", catalog.Problems[0]);
        Assert.Contains(catalog.Problems, p => p.StartsWith(Path.Combine(folder.Path, "c-clash.cinstyle") + ": model 'tiny' already has a style named 'random-0'"));
        Assert.Contains(catalog.Problems, p => p.StartsWith(Path.Combine(folder.Path, "d-other.cinstyle") + ": was learned on model 'tiny' with weights sha256=999999999999..."));
        // The paper model is not in this catalog: its style is simply not listed anywhere.
        Assert.DoesNotContain(catalog.Problems, p => p.Contains("e-paper"));
    }

    [Fact]
    public void ALearnedRowBlendsLikeABuiltInOne()
    {
        var network = Tiny.Value;
        var learned = StyleFileTests.TinyStyle("mine");
        var library = LearnedStyleLibrary.Load(WriteOne(learned, out var folder));
        using (folder)
        {
            var model = library.Extend(network.Info);
            var weights = StyleSelector.Parse("mine=0.6,random-1=0.4", model);
            var blended = StyleParameters.Blend(network, model, weights);
            var builtIn = network.Style(1);
            for (int layer = 0; layer < network.NormLayerCount; layer++)
                for (int c = 0; c < blended.Gamma(layer).Length; c++)
                {
                    Assert.Equal(0.6f * learned.Norms[layer].Gamma[c] + 0.4f * builtIn.Gamma(layer)[c], blended.Gamma(layer)[c], 6);
                    Assert.Equal(0.6f * learned.Norms[layer].Beta[c] + 0.4f * builtIn.Beta(layer)[c], blended.Beta(layer)[c], 6);
                }
            // And the network runs with it: a learned style is only a row.
            var image = new FeatureMap(16, 16, 3);
            var output = network.Run(image, StyleParameters.Blend(network, model, StyleSelector.Parse("mine", model)));
            Assert.All(output.Span.ToArray(), v => Assert.InRange(v, 0f, 1f));
        }
    }

    private static string WriteOne(LearnedStyle style, out TempFolder folder)
    {
        folder = new TempFolder();
        StyleFileFormat.Write(Path.Combine(folder.Path, style.Name + StyleFileFormat.Extension), style, overwrite: false);
        return folder.Path;
    }

    private static ModelInfo Model(string name, params string[] styles) =>
        new(name, name, "-", "-", 4, 8, styles.Select((s, i) => new StyleInfo(i, s, [], s, "-", "-", "-")).ToList());

    [Fact]
    public void AStyleFindsItsModelWhenTheNameIsUnique()
    {
        ModelInfo[] models = [Model("magenta", "starry-night", "wave"), Model("paintings40", "starry-night", "the-kiss"), Model("mine", "the-kiss", "flatboat")];
        Assert.Equal("magenta", ModelSelector.ForStyles(models, "magenta", ["starry-night"]).Name);
        Assert.Equal("mine", ModelSelector.ForStyles(models, "magenta", ["flatboat"]).Name);
        Assert.Equal("paintings40", ModelSelector.ForStyles(models, "magenta", ["the-kiss", "starry-night"]).Name);
        // Unknown everywhere: the default model's parse says so, with its suggestion.
        Assert.Equal("magenta", ModelSelector.ForStyles(models, "magenta", ["nope"]).Name);

        var e = Assert.Throws<StyleSelectionException>(() => ModelSelector.ForStyles(models, "magenta", ["the-kiss"]));
        Assert.Equal(StyleSelectionProblem.AmbiguousStyle, e.Problem);
        Assert.Equal("Style 'the-kiss' is in more than one model: paintings40/the-kiss, mine/the-kiss.", e.Message);

        e = Assert.Throws<StyleSelectionException>(() => ModelSelector.ForStyles(models, "magenta", ["wave", "flatboat"]));
        Assert.Equal(StyleSelectionProblem.BlendAcrossModels, e.Problem);
        Assert.Equal("A blend takes styles of one model: 'wave' is in magenta, 'flatboat' is in mine.", e.Message);
    }

    [Fact]
    public void NamesAreReadFromASelectionBeforeAnyModel()
    {
        Assert.Equal(["a", "b"], StyleSelector.Names("a=0.5, b=0.5,A=1"));
        Assert.Equal(["19"], StyleSelector.Names("19"));
        Assert.Empty(StyleSelector.Names(" "));
    }
}
