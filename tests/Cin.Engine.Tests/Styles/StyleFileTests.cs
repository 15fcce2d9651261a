using System.Text;
using Cin.Engine.Network;
using Cin.Engine.Styles;


namespace Cin.Engine.Tests.Styles;

public sealed class StyleFileTests
{
    private static readonly Lazy<TinyNetwork> Tiny = new(() => new TinyNetwork(new float[TinyNetwork.WeightCount]));

    /// <summary>A style for the tiny test model with distinct values in every row.</summary>
    internal static LearnedStyle TinyStyle(string name = "my-painting")
    {
        var norms = LearnedStyleBinding.NormLayers(Tiny.Value)
            .Select((layer, i) => new NormRow(layer.Name,
                Enumerable.Range(0, layer.Channels).Select(c => 1 + 0.01f * i + 0.001f * c).ToArray(),
                Enumerable.Range(0, layer.Channels).Select(c => -0.5f + 0.1f * i - 1e-7f * c).ToArray()))
            .ToList();
        return new LearnedStyle(name, "tiny", TinyNetwork.WeightsSha256,
            new PaintingSource("The Jolly Flatboatmen (1846).jpg", new string('a', 64)), 400, new StyleLosses(0.61, 0.55, 0.0123), norms);
    }

    [Fact]
    public void WritesAndReadsBackEveryFactAndEveryBit()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "my-painting" + StyleFileFormat.Extension);
        var style = TinyStyle();
        StyleFileFormat.Write(path, style, overwrite: false, comment: "Learned by a test.\nSecond line\u001b[31m");

        string text = File.ReadAllText(path);
        Assert.StartsWith(StyleFileFormat.FormatLine + "\n# Learned by a test.\n# Second line [31m\n", text);
        var back = StyleFileFormat.Read(path);
        Assert.Equal(style with { Norms = [] }, back with { Norms = [] });
        Assert.Equal(style.Norms.Count, back.Norms.Count);
        for (int i = 0; i < style.Norms.Count; i++)
        {
            Assert.Equal(style.Norms[i].Layer, back.Norms[i].Layer);
            Assert.Equal(style.Norms[i].Gamma, back.Norms[i].Gamma);
            Assert.Equal(style.Norms[i].Beta, back.Norms[i].Beta);
        }
    }

    [Fact]
    public void WriteNeverReplacesAnExistingFileWithoutOverwrite()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "a" + StyleFileFormat.Extension);
        File.WriteAllText(path, "keep");
        Assert.ThrowsAny<IOException>(() => StyleFileFormat.Write(path, TinyStyle(), overwrite: false));
        Assert.Equal("keep", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void BindsToItsModelInNormOrder()
    {
        var style = TinyStyle();
        var (gamma, beta) = LearnedStyleBinding.Bind(style, Tiny.Value, "s.cinstyle");
        Assert.Equal(Tiny.Value.NormLayerCount, gamma.Length);
        for (int i = 0; i < gamma.Length; i++)
        {
            Assert.Same(style.Norms[i].Gamma, gamma[i]);
            Assert.Same(style.Norms[i].Beta, beta[i]);
        }
    }

    public static TheoryData<string, string, string> Mismatches => new()
    {
        { "model", "paper", "s.cinstyle: is a style for model 'paper', not 'tiny' (use --model paper)" },
        { "fingerprint", "", "s.cinstyle: was learned on model 'tiny' with weights sha256=bbbbbbbbbbbb..., but this cin's 'tiny' has weights sha256=000000000000...; learn it again" },
        { "layer", "", "s.cinstyle: norm layer 2 is 'contract/convX'; model 'tiny' has 'contract/conv2' there" },
        { "width", "", "s.cinstyle: layer 'contract/conv1' has 4 values; model 'tiny' has 5 channels there" },
        { "count", "", "s.cinstyle: has 9 norm layers; model 'tiny' has 10" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void RefusesAStyleThatDoesNotFitTheModel(string what, string model, string expected)
    {
        var style = TinyStyle();
        var norms = style.Norms.ToList();
        style = what switch
        {
            "model" => style with { Model = model },
            "fingerprint" => style with { ModelFingerprint = new string('b', 64) },
            "layer" => style with { Norms = norms.Select((n, i) => i == 1 ? n with { Layer = "contract/convX" } : n).ToList() },
            "width" => style with { Norms = norms.Select((n, i) => i == 0 ? new NormRow(n.Layer, n.Gamma[..4], n.Beta[..4]) : n).ToList() },
            _ => style with { Norms = norms.Take(9).ToList() },
        };
        var e = Assert.Throws<StyleFileException>(() => LearnedStyleBinding.Bind(style, Tiny.Value, "s.cinstyle"));
        Assert.Equal(expected, e.Message);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "empty", "", "f: is empty (a style file starts with 'format cin-style 1')" },
        { "not ours", "P6\n1 1\n", "f:1: not a style file: the first line must be 'format cin-style 1'" },
        { "newer", "format cin-style 2\n", "f:1: unsupported format 'cin-style 2' (this cin reads 'format cin-style 1')" },
        { "unknown line", "{H}\nsize 3\n", "f:2: unknown line 'size' (expected name, model, model-weights, painting, steps, losses or norm)" },
        { "twice", "{H}\nname again\n", "f:2: a second 'name' line" },
        { "bad name", "format cin-style 1\nname My Painting\n", "f:2: style name 'My Painting' is not kebab-case (lower-case letters and digits joined by '-', at most 64)" },
        { "digits", "format cin-style 1\nname 19\n", "f:2: style name '19' is not kebab-case (lower-case letters and digits joined by '-', at most 64)" },
        { "short sha", "format cin-style 1\nmodel-weights sha256=abc\n", "f:2: 'model-weights' must be 'sha256=' and 64 hexadecimal digits" },
        { "painting folder", $"format cin-style 1\npainting sha256={new string('c', 64)} ../x.jpg\n", "f:2: the painting's file name is empty, too long, or holds a folder separator or control character" },
        { "painting escape", $"format cin-style 1\npainting sha256={new string('c', 64)} a\u001b[2Jb.jpg\n", "f:2: the painting's file name is empty, too long, or holds a folder separator or control character" },
        { "steps", "format cin-style 1\nsteps -3\n", "f:2: steps '-3' is not a whole number" },
        { "loss", "format cin-style 1\nlosses style=NaN content=1 tv=1\n", "f:2: loss 'style=NaN' is not name=number (a finite number, 0 or more)" },
        { "loss missing", "format cin-style 1\nlosses style=1 content=1\n", "f:2: 'losses' has no tv=" },
        { "infinite", "{H}\nnorm a gamma 1 1e39\n", "f:2: '1e39' in layer 'a' gamma is not a finite number of magnitude at most 10000" },
        { "huge", "{H}\nnorm a gamma 1 20000\n", "f:2: '20000' in layer 'a' gamma is not a finite number of magnitude at most 10000" },
        { "beta first", "{H}\nnorm a beta 1\n", "f:2: layer 'a' beta must follow its gamma line" },
        { "lengths", "{H}\nnorm a gamma 1 2\nnorm a beta 1\n", "f:3: layer 'a' has 2 gamma values but 1 beta values" },
        { "repeated layer", "{H}\nnorm a gamma 1\nnorm a beta 1\nnorm a gamma 1\n", "f:4: layer 'a' appears twice" },
        { "no beta", "{H}\nnorm a gamma 1\n", "f: layer 'a' has a gamma line but no beta line" },
        { "no norms", "{H}\n", "f: has no 'norm' lines" },
        { "no name", "format cin-style 1\nnorm a gamma 1\nnorm a beta 1\n", "f: has no 'name' line" },
        { "layer name", "{H}\nnorm a;b gamma 1\n", "f:2: layer name 'a;b' is not a layer name" },
        { "kind", "{H}\nnorm a delta 1\n", "f:2: 'delta' must be gamma or beta" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void EachProblemIsOneLineNamingTheFileAndLine(string what, string text, string expected)
    {
        _ = what;
        // {H} is a complete header of seven lines; line numbers in the expectations count it as one.
        bool header = text.Contains("{H}");
        text = text.Replace("{H}", Header);
        var e = Assert.Throws<StyleFileException>(() => StyleFileFormat.Parse(Encoding.UTF8.GetBytes(text), "f"));
        Assert.Equal(header ? Shift(expected) : expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RefusesTextThatIsNotUtf8AndFilesOverTheLimit()
    {
        var e = Assert.Throws<StyleFileException>(() => StyleFileFormat.Parse([0x66, 0xff, 0xfe, 0x0a], "f"));
        Assert.Equal("f: is not UTF-8 text (not a style file?)", e.Message);
        e = Assert.Throws<StyleFileException>(() => StyleFileFormat.Parse(new byte[StyleFileFormat.MaxBytes + 1], "f"));
        Assert.Equal($"f: is {StyleFileFormat.MaxBytes + 1} bytes; a style file is at most {StyleFileFormat.MaxBytes}", e.Message);
    }

    [Fact]
    public void AMissingFileIsOneLine()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "none.cinstyle");
        Assert.Equal($"{path}: no such file", Assert.Throws<StyleFileException>(() => StyleFileFormat.Read(path)).Message);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("starry-night-2", true)]
    [InlineData("19", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a--b", false)]
    [InlineData("A", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void NamesAreKebabCaseWithALetter(string name, bool valid) => Assert.Equal(valid, StyleNames.IsValid(name));

    [Fact]
    public void TheUserStyleFolderFollowsXdgAppDataAndTheOverride()
    {
        Func<string, string?> env(params (string, string)[] pairs) => key => pairs.FirstOrDefault(p => p.Item1 == key).Item2;
        Assert.Equal("/data/cin/styles", UserStyleFolder.Resolve(env(("XDG_DATA_HOME", "/data"), ("HOME", "/home/u")), windows: false));
        Assert.Equal("/home/u/.local/share/cin/styles", UserStyleFolder.Resolve(env(("XDG_DATA_HOME", "relative"), ("HOME", "/home/u")), windows: false));
        Assert.Equal("/home/u/.local/share/cin/styles", UserStyleFolder.Resolve(env(("HOME", "/home/u")), windows: false));
        Assert.Equal(Path.Combine(@"C:\Users\u\AppData\Roaming", "cin", "styles"),
            UserStyleFolder.Resolve(env(("APPDATA", @"C:\Users\u\AppData\Roaming")), windows: true));
        Assert.Equal("/mine", UserStyleFolder.Resolve(env((UserStyleFolder.OverrideVariable, "/mine"), ("HOME", "/home/u")), windows: false));
    }

    private static readonly string Header = string.Join("\n",
        "format cin-style 1", "name a", "model tiny", $"model-weights sha256={new string('0', 64)}",
        $"painting sha256={new string('1', 64)} p.jpg", "steps 1", "losses style=1 content=1 tv=0");

    private static string Shift(string expected) =>
        System.Text.RegularExpressions.Regex.Replace(expected, @"^f:(\d+):", m => $"f:{int.Parse(m.Groups[1].Value) + 6}:");
}
