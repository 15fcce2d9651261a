using Cin.Engine.Batch;
using Cin.Engine.Imaging;

namespace Cin.Engine.Tests;

/// <summary>
/// The one set of output rules behind <c>cin -o/--name</c> and <c>Convert-CinImage -Destination</c>: tokens, the PNG
/// fallback, the folder-or-file rule, outputs that are their own inputs, collisions, existing outputs, folders.
/// </summary>
public sealed class OutputPlannerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Touch(string name)
    {
        string path = _folder.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1]);
        return path;
    }

    [Fact]
    public void OnePatternGivesTheSameNamesToBothFrontEnds()
    {
        // A folder of mixed formats: those cin writes keep their extension (its case too), the others become PNG.
        string[] names = ["a.jpg", "b.JPEG", "c.png", "d.webp", "e.bmp", "f.tif", "g.tiff", "h.gif"];
        string photos = _folder.File("photos");
        foreach (string name in names) Touch(Path.Combine("photos", name));
        string output = _folder.File("out");
        const string pattern = "{name}-{style}-{model}.{ext}";

        // cin photos/ -o out/ --name PATTERN
        var cli = BatchPlanner.Plan([photos], new OutputRequest
        {
            Destination = output + "/", DestinationIsFolder = true, NamePattern = pattern, StyleLabel = "starry-night", Model = "magenta",
        });
        // Get-ChildItem photos | Convert-CinImage -Destination out/PATTERN, one input at a time
        var cmdlet = new OutputPlanner(new OutputRequest { Destination = Path.Combine(output, pattern), DestinationHasTokens = true })
            .ForStyle("starry-night", "magenta");
        var fromCmdlet = Directory.GetFiles(photos).Order(StringComparer.Ordinal).Select(input => cmdlet.Plan(input)).ToList();

        string[] expected =
        [
            "a-starry-night-magenta.jpg", "b-starry-night-magenta.JPEG", "c-starry-night-magenta.png", "d-starry-night-magenta.webp",
            "e-starry-night-magenta.bmp", "f-starry-night-magenta.tif", "g-starry-night-magenta.tiff", "h-starry-night-magenta.png",
        ];
        Assert.Equal(expected.Select(n => Path.Combine(output, n)), cli.Items.Select(i => Path.GetFullPath(i.Output)));
        Assert.Equal(expected.Select(n => Path.Combine(output, n)), fromCmdlet.Select(p => Path.GetFullPath(p.Output)));
        Assert.All(cli.Items, i => Assert.Null(i.Problem));
        Assert.All(fromCmdlet, p => Assert.Null(p.Refusal));
    }

    [Fact]
    public void TokensIgnoreCaseAndUnknownOnesAreNamed()
    {
        Assert.Equal("photo-wave-tiny.png", OutputName.Expand("{NAME}-{Style}-{model}.{eXt}", "photo.gif", "wave", "tiny"));
        var e = Assert.Throws<OutputPatternException>(() => new OutputPlanner(new OutputRequest { NamePattern = "{name}-{colour}.{ext}" }));
        Assert.Equal(OutputPatternProblem.UnknownToken, e.Problem);
        Assert.Equal("{colour}", e.Token);
        Assert.DoesNotContain("--name", e.Message);
        Assert.DoesNotContain("-Destination", e.Message);
        var d = Assert.Throws<OutputPatternException>(() => new OutputPlanner(new OutputRequest { Destination = "out/{nope}.png", DestinationHasTokens = true }));
        Assert.Equal("{nope}", d.Token);
        Assert.Equal(OutputPatternProblem.NotAFormatCinWrites,
            Assert.Throws<OutputPatternException>(() => new OutputPlanner(new OutputRequest { NamePattern = "{name}.xyz" })).Problem);
    }

    [Fact]
    public void ADestinationIsAFolderWhenItExistsEndsInASeparatorOrHasNoExtension()
    {
        string existing = Directory.CreateDirectory(_folder.File("looks.jpg")).FullName;
        string file = Touch("noextension");
        Assert.True(OutputPlanner.IsFolder(existing, existing));
        Assert.True(OutputPlanner.IsFolder("new/", _folder.File("new/")));
        Assert.True(OutputPlanner.IsFolder("out", _folder.File("out")));
        Assert.False(OutputPlanner.IsFolder("out.jpg", _folder.File("out.jpg")));
        Assert.False(OutputPlanner.IsFolder(file, file));
    }

    [Fact]
    public void AnOutputThatIsItsOwnInputIsRefusedWhateverTheOptions()
    {
        string input = Touch("k.png");
        var planner = new OutputPlanner(new OutputRequest { Destination = input, Overwrite = true });
        Assert.Equal(OutputRefusal.OutputIsInput, planner.Plan(input).Refusal);

        string relative = Path.GetRelativePath(Environment.CurrentDirectory, input);
        var viaDot = new OutputPlanner(new OutputRequest { Destination = Path.Combine(_folder.Path, ".", "k.png"), Overwrite = true });
        Assert.Equal(OutputRefusal.OutputIsInput, viaDot.Plan(relative).Refusal);

        if (!OperatingSystem.IsWindows())
        {
            string link = _folder.File("link");
            Directory.CreateSymbolicLink(link, _folder.Path);
            var viaLink = new OutputPlanner(new OutputRequest { Destination = Path.Combine(link, "k.png"), SkipExisting = true });
            var planned = viaLink.Plan(input);
            Assert.Equal(OutputRefusal.OutputIsInput, planned.Refusal);
            Assert.Equal(ImageFileError.OutputIsInput, planned.Problem!.Error);
        }
    }

    [Fact]
    public void TwoInputsOrTwoStylesWithOneOutputAreRefusedAfterTheFirst()
    {
        string a = Touch("a.jpg"), b = Touch("b.jpg");
        var planner = new OutputPlanner(new OutputRequest { Destination = _folder.File("one.png") });
        Assert.Null(planner.Plan(a).Refusal);
        var second = planner.Plan(b);
        Assert.Equal(OutputRefusal.TakenByEarlierInput, second.Refusal);
        Assert.Equal(a, second.EarlierInput);

        var byStyle = new OutputPlanner(new OutputRequest { Destination = _folder.File("{name}.png"), DestinationHasTokens = true });
        Assert.Null(byStyle.ForStyle("wave", "m").Plan(a).Refusal);
        Assert.Equal(OutputRefusal.TakenByEarlierInput, byStyle.ForStyle("starry-night", "m").Plan(a).Refusal);
    }

    [Fact]
    public void AnExistingOutputIsRefusedSkippedOrReplacedAsAsked()
    {
        string input = Touch("a.jpg");
        Touch("a-wave.jpg");
        OutputRequest beside = new() { StyleLabel = "wave" };
        Assert.Equal(OutputRefusal.OutputExists, new OutputPlanner(beside).Plan(input).Refusal);
        var skipped = new OutputPlanner(beside with { SkipExisting = true }).Plan(input);
        Assert.True(skipped.Skip);
        Assert.Null(skipped.Refusal);
        var replaced = new OutputPlanner(beside with { Overwrite = true }).Plan(input);
        Assert.True(replaced.Exists);
        Assert.Null(replaced.Refusal);
    }

    [Fact]
    public void MissingFoldersAreReportedForCreationOnlyWhenAsked()
    {
        string input = Touch("a.jpg");
        var request = new OutputRequest { Destination = _folder.File("out/"), NamePattern = "{style}/{name}.{ext}", StyleLabel = "wave" };
        string expected = Path.Combine(_folder.File("out/"), "wave");
        Assert.Equal(expected, new OutputPlanner(request with { CreateFolders = true }).Plan(input).FolderToCreate);
        Assert.Null(new OutputPlanner(request).Plan(input).FolderToCreate);
        Assert.False(Directory.Exists(expected)); // planning creates nothing
    }

    [Fact]
    public void TheStyleLabelIsTheCanonicalNameOrTheBlendsNames()
    {
        var model = new Network.ModelInfo("m", "M", "MIT", "tests", SizeMultiple: 4, MinimumSize: 8,
        [
            new Network.StyleInfo(0, "starry-night", ["19"], "-", "-", "-", "-"),
            new Network.StyleInfo(1, "great-wave", ["24"], "-", "-", "-", "-"),
        ]);
        Assert.Equal("great-wave", StyleLabel.For(model, [0, 1]));
        Assert.Equal("starry-night+great-wave", StyleLabel.For(model, [0.7f, 0.3f]));
        Assert.Equal("blend", StyleLabel.For(model, [0, 0]));
    }
}
