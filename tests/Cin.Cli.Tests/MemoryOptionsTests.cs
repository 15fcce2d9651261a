using Cin.Engine.Batch;
using Cin.Engine.Network.Streaming;
using Cin.Engine.Photos;

namespace Cin.Cli.Tests;

/// <summary>--max-memory and --temp-dir: how they are parsed, where they go, and what cin says when a photo needs more.</summary>
public sealed class MemoryOptionsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _input;

    public MemoryOptionsTests()
    {
        _input = _folder.File("photo.png");
        TestImages.SavePng(_input, 24, 16);
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("1G", 1L << 30)]
    [InlineData("1500M", 1500L << 20)]
    [InlineData("800k", 800L << 10)]
    [InlineData("2g", 2L << 30)]
    [InlineData("123456789", 123456789L)]
    public void MaxMemoryReadsSizesIn1024BasedUnits(string text, long bytes)
    {
        var parse = CinCommand.Create(new TinyCatalog(), TextWriter.Null, TextWriter.Null).Parse([_input, "-s", "wave", "--max-memory", text]);
        Assert.Empty(parse.Errors);
        Assert.Equal(bytes, parse.GetValue<long?>("--max-memory"));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-1G")]
    [InlineData("1.5")]
    [InlineData("12Q")]
    public void ABadMaxMemoryIsAUsageErrorThatQuotesIt(string text)
    {
        var result = CinRunner.Run(_input, "-o", _folder.File("out.png"), "-s", "wave", "--max-memory", text);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"cin: --max-memory takes a size such as {ByteSize.Examples} (K, M, G are 1024-based); got '{text}'.", result.ErrorLines[0]);
        Assert.False(File.Exists(_folder.File("out.png")));
    }

    [Fact]
    public void AMissingTempDirIsOneLineAndAUsageError()
    {
        string missing = _folder.File("no-such-folder");

        var result = CinRunner.Run(_input, "-o", _folder.File("out.png"), "-s", "wave", "--temp-dir", missing);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"cin: --temp-dir: {missing}: no such folder (create it first)", result.SingleErrorLine());
        Assert.False(File.Exists(_folder.File("out.png")));
    }

    [Fact]
    public void ATempDirThatIsAFileIsRefused()
    {
        var result = CinRunner.Run(_input, "-o", _folder.File("out.png"), "-s", "wave", "--temp-dir", _input);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"cin: --temp-dir: {_input}: is a file, not a folder", result.SingleErrorLine());
    }

    [Fact]
    public void BothOptionsReachThePhotoOptions()
    {
        string temp = Directory.CreateDirectory(_folder.File("spill")).FullName;
        var parse = CinCommand.Create(new TinyCatalog(), TextWriter.Null, TextWriter.Null)
            .Parse([_input, "-s", "wave", "--max-memory", "1500M", "--temp-dir", temp]);
        Assert.Equal(temp, parse.GetValue<string?>("--temp-dir"));

        var request = new StylizeRequest(_input, null, "wave") { MaxMemoryBytes = 1500L << 20, TempDirectory = temp };
        PhotoOptions photo = StylizeService.PhotoOptionsFor(request, threads: 3);

        Assert.Equal(1500L << 20, photo.MaxMemoryBytes);
        Assert.Equal(temp, photo.TempDirectory);
        Assert.Equal(3, photo.Threads);
        var defaults = StylizeService.PhotoOptionsFor(new StylizeRequest(_input, null, "wave"), threads: 1);
        Assert.Null(defaults.MaxMemoryBytes);
        Assert.Null(defaults.TempDirectory);
    }

    [Fact]
    public void APhotoRunsWithBothOptionsGiven()
    {
        string temp = Directory.CreateDirectory(_folder.File("spill")).FullName;
        string output = _folder.File("out.png");

        var result = CinRunner.Run(_input, "-o", output, "-s", "wave", "--max-memory", "1G", "--temp-dir", temp);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.True(File.Exists(output));
        Assert.Empty(Directory.GetFileSystemEntries(temp));
    }

    [Fact]
    public void NoSpaceForSpillFilesNamesThePhotoAndPointsAtTempDir()
    {
        string output = _folder.File("out.png");
        var spill = new SpillSpaceException("/scratch", 5L << 30, 1L << 30,
            "the banded run needs 5 GiB of spill files in /scratch, which has 1 GiB free");

        var result = CinRunner.Run(new TinyCatalog(() => throw spill), _input, "-o", output, "-s", "wave");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {_input}: the banded run needs 5 GiB of spill files in /scratch, which has 1 GiB free " +
                     "(use --temp-dir for a folder with more free space, or raise --max-memory)", result.SingleErrorLine());
        Assert.False(File.Exists(output));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void AMemoryLimitTooLowForAnyBandNamesThePhotoAndPointsAtMaxMemory()
    {
        string output = _folder.File("out.png");
        var limit = new MemoryLimitException(300L << 20, 1L << 20, "even one-row bands need 300 MiB, over the limit of 1 MiB");

        // A limit that leaves the process its own share (PhotoMemoryPlan.ProcessBytes), so the run reaches the network's refusal.
        var result = CinRunner.Run(new TinyCatalog(() => throw limit), _input, "-o", output, "-s", "wave", "--max-memory", "256M");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"cin: {_input}: even one-row bands need 300 MiB, over the limit of 1 MiB (raise --max-memory)", result.SingleErrorLine());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void InAFolderRunTheOtherPhotosGoOn()
    {
        TestImages.SavePng(_folder.File("second.png"), 24, 16);
        int runs = 0;
        var catalog = new TinyCatalog(() =>
        {
            if (Interlocked.Increment(ref runs) == 1) throw new MemoryLimitException(300L << 20, 1L << 20, "needs at least 300 MiB");
        });

        var result = CinRunner.Run(catalog, _folder.File("photo.png"), _folder.File("second.png"), "-o", _folder.File("out") + "/",
            "-s", "wave", "--jobs", "1");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.EndsWith("needs at least 300 MiB (raise --max-memory)", result.SingleErrorLine());
        Assert.Single(Directory.GetFiles(_folder.File("out")));
        Assert.Contains("1 stylized, 1 failed of 2 files", result.Output);
    }
}
