using Cin.Engine.Imaging;

namespace Cin.Engine.Tests;

/// <summary>The write-then-rename that keeps outputs whole.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AFailedWriteLeavesNoTempFileAndTheOldFileIntact()
    {
        string path = _folder.File("out.png");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, overwrite: true, stream =>
        {
            stream.Write("half a pic"u8);
            throw new InvalidOperationException("encoder failed");
        }));

        Assert.Equal("encoder failed", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void WithoutOverwriteAFileThatAppearedMeanwhileIsKept()
    {
        string path = _folder.File("out.png");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, overwrite: false, stream =>
        {
            File.WriteAllText(path, "someone else's");
            stream.Write("ours"u8);
        }));
        Assert.Equal("someone else's", File.ReadAllText(path));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void TheTempFileIsHiddenBesideTheTarget()
    {
        string path = _folder.File("out.png");
        string[] seen = [];
        AtomicFile.Write(path, overwrite: false, stream =>
        {
            seen = _folder.TempFiles();
            stream.Write("data"u8);
        });
        Assert.Single(seen);
        Assert.Matches(@"^\.out\.png\.cin-[0-9a-f]{8}\.tmp$", seen[0]);
        Assert.Equal("data", File.ReadAllText(path));
        Assert.Empty(_folder.TempFiles());
    }
}
