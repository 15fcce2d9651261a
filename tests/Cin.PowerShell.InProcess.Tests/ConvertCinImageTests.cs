using System.Management.Automation;

namespace Cin.PowerShell.InProcess.Tests;

[Collection(CinShell.Collection)]
public sealed class ConvertCinImageTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CinShell _shell;

    public ConvertCinImageTests() => _shell = new CinShell(_folder.Path);

    public void Dispose()
    {
        _shell.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void WritesTheStylizedPhotoBesideItsInput()
    {
        string input = TestImages.SavePng(_folder.File("photo.png"));

        var result = _shell.Run("Convert-CinImage -Path photo.png -Style wave -PassThru");

        Assert.Empty(result.Errors);
        string output = _folder.File("photo-great-wave.png");
        Assert.Equal(output, Assert.IsType<FileInfo>(Assert.Single(result.Output)).FullName);
        Assert.Equal(TestImages.Size(input), TestImages.Size(output));
        Assert.NotEqual(TestImages.Pixels(input), TestImages.Pixels(output));
        Assert.Equal(["photo-great-wave.png", "photo.png"], _folder.Files());
    }

    [Fact]
    public void TheTwoStylesPaintDifferently()
    {
        TestImages.SavePng(_folder.File("photo.png"));

        var result = _shell.Run("Get-CinStyle | Convert-CinImage -Path photo.png -Destination 'out/{style}.png'");

        Assert.Empty(result.Errors);
        Assert.Equal(["out/great-wave.png", "out/starry-night.png", "photo.png"], _folder.Files());
        Assert.NotEqual(TestImages.Pixels(_folder.File("out/great-wave.png")), TestImages.Pixels(_folder.File("out/starry-night.png")));
    }

    [Fact]
    public void WhatIfWritesNothingAndRunsNoNetwork()
    {
        TestImages.SavePng(_folder.File("a.png"));
        TestImages.SavePng(_folder.File("b.png"));
        int runs = TinyCatalog.Instance.Runs;

        var result = _shell.Run("Get-ChildItem -Filter *.png | Convert-CinImage -Style starry-night -Destination styled/ -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(runs, TinyCatalog.Instance.Runs);
        Assert.Equal(["a.png", "b.png"], _folder.Files());
        Assert.False(Directory.Exists(_folder.File("styled")));
    }

    [Fact]
    public void ABadFileIsOneErrorAndTheBatchGoesOn()
    {
        TestImages.SavePng(_folder.File("a.png"));
        File.WriteAllText(_folder.File("b.png"), "not a picture at all");
        TestImages.SavePng(_folder.File("c.png"));

        var result = _shell.Run("Get-ChildItem -Filter *.png | Convert-CinImage -Style starry-night -Destination styled/ -PassThru");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NotAnImage", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(_folder.File("b.png"), error.TargetObject);
        Assert.StartsWith(_folder.File("b.png") + ": ", error.Exception.Message);
        Assert.Equal(["styled/a-starry-night.png", "styled/c-starry-night.png"],
            result.Output.Cast<FileInfo>().Select(f => Path.GetRelativePath(_folder.Path, f.FullName).Replace('\\', '/')));
        Assert.Equal(["a.png", "b.png", "c.png", "styled/a-starry-night.png", "styled/c-starry-night.png"], _folder.Files());
    }

    [Fact]
    public void AnExistingOutputIsKeptWithoutForce()
    {
        TestImages.SavePng(_folder.File("photo.png"));
        File.WriteAllText(_folder.File("photo-starry-night.png"), "keep me");

        var result = _shell.Run("Convert-CinImage photo.png starry-night");

        Assert.Equal("OutputExists", Assert.Single(result.ErrorIds));
        Assert.Equal("keep me", File.ReadAllText(_folder.File("photo-starry-night.png")));

        result = _shell.Run("Convert-CinImage photo.png starry-night -Force");

        Assert.Empty(result.Errors);
        Assert.Equal(TestImages.Size(_folder.File("photo.png")), TestImages.Size(_folder.File("photo-starry-night.png")));
    }

    [Fact]
    public void AnUnknownStyleStopsTheCommandBeforeAnyFile()
    {
        TestImages.SavePng(_folder.File("photo.png"));

        // try/catch catches terminating errors only: a non-terminating one would let the script go on.
        var result = _shell.Run("try { Convert-CinImage photo.png no-such-style; 'went on' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output));
        Assert.Equal("InvalidStyle", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Get-CinStyle lists them", error.Exception.Message);
        Assert.Equal(["photo.png"], _folder.Files());
    }
}
