using System.Management.Automation;
using Cin.Engine.Network.Streaming;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>Convert-CinImage's -MaxMemory and -TempPath, and the errors for a photo that needs more memory or disk.</summary>
[Collection(CinShell.Collection)]
public sealed class MemoryParameterTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private CinShell? _shell;

    public void Dispose()
    {
        _shell?.Dispose();
        _folder.Dispose();
    }

    private ShellResult Run(string script, Cin.Engine.Network.IModelCatalog? catalog = null)
    {
        _shell?.Dispose();
        _shell = new CinShell(_folder.Path, catalog);
        return _shell.Run(script);
    }

    [Theory]
    [InlineData("'1G'")]
    [InlineData("'1500M'")]
    [InlineData("1GB")]
    [InlineData("800000000")]
    public void SizesAreAcceptedAsStringsOrNumbers(string size)
    {
        TestImages.SavePng(_folder.File("photo.png"));
        Directory.CreateDirectory(_folder.File("spill"));

        var result = Run($"Convert-CinImage -Path photo.png -Style wave -MaxMemory {size} -TempPath spill");

        Assert.Empty(result.Errors);
        Assert.Equal(["photo-great-wave.png", "photo.png"], _folder.Files());
    }

    [Fact]
    public void ABadSizeStopsTheCommandBeforeAnyFile()
    {
        TestImages.SavePng(_folder.File("photo.png"));

        // try/catch catches terminating errors only: a non-terminating one would let the script go on.
        var result = Run("try { Convert-CinImage -Path photo.png -Style wave -MaxMemory lots; 'went on' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output));
        Assert.Equal("InvalidMaxMemory", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("got 'lots'", error.Exception.Message);
        Assert.Equal(["photo.png"], _folder.Files());
    }

    [Fact]
    public void AMissingTempPathStopsTheCommand()
    {
        TestImages.SavePng(_folder.File("photo.png"));

        var result = Run("try { Convert-CinImage -Path photo.png -Style wave -TempPath nowhere; 'went on' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output));
        Assert.Equal("TempPathNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("nowhere: no such folder", error.Exception.Message);
        Assert.Equal(["photo.png"], _folder.Files());
    }

    [Fact]
    public void NoSpaceForSpillFilesIsANonTerminatingErrorAndTheBatchGoesOn()
    {
        TestImages.SavePng(_folder.File("a.png"));
        TestImages.SavePng(_folder.File("b.png"));
        var spill = new SpillSpaceException("/scratch", 5L << 30, 1L << 30, "the banded run needs 5 GiB in /scratch, which has 1 GiB free");

        var result = Run("Get-ChildItem -Filter *.png | Convert-CinImage -Style wave -Destination out/", new FailingCatalog(spill));

        Assert.Equal(["TempSpaceExhausted", "TempSpaceExhausted"], result.ErrorIds);
        var error = result.Errors[0];
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Equal(_folder.File("a.png"), error.TargetObject);
        Assert.Equal($"{_folder.File("a.png")}: the banded run needs 5 GiB in /scratch, which has 1 GiB free", error.Exception.Message);
        Assert.Contains("-TempPath", error.ErrorDetails.RecommendedAction);
        Assert.Equal(["a.png", "b.png"], _folder.Files());
    }

    [Fact]
    public void AMemoryLimitTooLowIsANonTerminatingErrorPointingAtMaxMemory()
    {
        TestImages.SavePng(_folder.File("a.png"));
        var limit = new MemoryLimitException(300L << 20, 1L << 20, "even one-row bands need 300 MiB, over the limit of 1 MiB");

        // A limit that leaves the process its own share (PhotoMemoryPlan.ProcessBytes), so the run reaches the network's refusal.
        var result = Run("Convert-CinImage -Path a.png -Style wave -MaxMemory 256M", new FailingCatalog(limit));

        var error = Assert.Single(result.Errors);
        Assert.Equal("MemoryLimitTooLow", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Equal($"{_folder.File("a.png")}: even one-row bands need 300 MiB, over the limit of 1 MiB", error.Exception.Message);
        Assert.Equal("Raise -MaxMemory.", error.ErrorDetails.RecommendedAction);
        Assert.Equal(["a.png"], _folder.Files());
    }
}
