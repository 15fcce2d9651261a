using Cin.Engine.Batch;
using SixLabors.ImageSharp;

namespace Cin.Engine.Tests;

/// <summary>Inputs as the user names them (files, folders, patterns) expanded into a run's plan.</summary>
public sealed class BatchPlannerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Photos(params string[] names)
    {
        string folder = _folder.File("photos");
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var image = TestImages.Gradient(6, 4);
            image.Save(path);
        }
        return folder;
    }

    [Theory]
    [InlineData("photo.jpg", "*.jpg", true)]
    [InlineData("photo.JPG", "*.jpg", false)]
    [InlineData(".hidden.jpg", "*.jpg", false)]
    [InlineData(".hidden.jpg", ".*.jpg", true)]
    [InlineData("img_0042.png", "img_00[0-4]?.png", true)]
    [InlineData("img_0052.png", "img_00[0-4]?.png", false)]
    [InlineData("b.png", "[!a]*", true)]
    [InlineData("a.png", "[!a]*", false)]
    public void WildcardsMatchLikeAShell(string name, string pattern, bool matches)
    {
        if (!OperatingSystem.IsLinux() && name == "photo.JPG") return; // case-insensitive file systems
        Assert.Equal(matches, BatchPlanner.Matches(name, pattern));
    }

    [Fact]
    public void DoubleStarMatchesAnyDepth()
    {
        string photos = Photos("a.jpg", "x/b.jpg", "x/y/c.jpg", "x/y/d.png");
        var plan = BatchPlanner.Plan([Path.Combine(photos, "**", "*.jpg")], new OutputRequest { Destination = "out", DestinationIsFolder = true });
        Assert.Equal(["a.jpg", "x/b.jpg", "x/y/c.jpg"], plan.Items.Select(i => Path.GetRelativePath(photos, i.Input).Replace('\\', '/')).ToArray());
        Assert.Equal(Path.Combine("out", "x", "y", "c-stylized.jpg"), plan.Items[2].Output);
    }

    [Fact]
    public void TheResultsOfAnEarlierRunInTheSameFolderAreNotInputs()
    {
        string photos = Photos("a.jpg", "a-wave.jpg");
        var plan = BatchPlanner.Plan([photos], new OutputRequest { StyleLabel = "wave" });
        Assert.Equal([Path.Combine(photos, "a.jpg")], plan.Items.Select(i => i.Input).ToArray());
    }

    [Fact]
    public void AnInputThatWouldBeItsOwnOutputIsRefusedNotPassedOver()
    {
        string photos = Photos("a.jpg");
        var plan = BatchPlanner.Plan([photos], new OutputRequest { NamePattern = "{name}.{ext}", Overwrite = true });
        var item = Assert.Single(plan.Items);
        Assert.Equal(Imaging.ImageFileError.OutputIsInput, item.Problem?.Error);
    }
}
