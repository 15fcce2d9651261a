namespace Cin.PowerShell.InProcess.Tests;

/// <summary>New-CinStyle with the stand-in learner: photos from the pipeline, the style file, and the style in the other cmdlets.</summary>
[Collection(CinShell.Collection)]
public sealed class NewCinStyleTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CinShell _shell;

    public NewCinStyleTests()
    {
        _shell = new CinShell(_folder.Path);
        TestImages.SavePng(Path.Combine(_folder.Path, "painting.png"), 120, 90);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "photos"));
        for (int i = 0; i < 3; i++) TestImages.SavePng(Path.Combine(_folder.Path, "photos", $"p{i}.png"), 180 + 10 * i, 150);
    }

    public void Dispose()
    {
        _shell.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void LearnsFromPipedPhotosAndTheStyleIsThereForTheOtherCmdlets()
    {
        var result = _shell.Run("Get-ChildItem photos | New-CinStyle painting.png mine -Steps 3");

        Assert.Empty(result.Errors);
        var style = Assert.IsType<CinStyle>(Assert.Single(result.Output));
        string file = Path.Combine(_folder.Path, "styles", "mine.cinstyle");
        Assert.Equal(("mine", "tiny", file), (style.Name, style.Model, style.Origin));
        Assert.True(File.Exists(file));

        var listed = _shell.Run("Get-CinStyle");
        Assert.Equal(["starry-night", "great-wave", "mine"], listed.Output.Cast<CinStyle>().Select(s => s.Name));

        var converted = _shell.Run("Convert-CinImage photos/p0.png -Style mine -Destination out.png");
        Assert.Empty(converted.Errors);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "out.png")));
    }

    [Fact]
    public void WhatIfLearnsNothing()
    {
        var result = _shell.Run("New-CinStyle painting.png mine -PhotoPath photos -WhatIf");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "styles")));
    }

    [Fact]
    public void ABadNameIsATerminatingErrorWithAnId()
    {
        // A statement-terminating error: in a script it ends the statement and lands in the error stream.
        var result = _shell.Run("New-CinStyle painting.png 'Bad Name' -PhotoPath photos");
        Assert.Equal(["InvalidStyleName"], result.ErrorIds);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "styles")));
    }
}
