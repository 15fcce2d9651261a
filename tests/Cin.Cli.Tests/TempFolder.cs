namespace Cin.Cli.Tests;

/// <summary>A fresh folder per test, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("cin-cli-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The files cin's atomic writer leaves while it works; there must be none once a command returns.</summary>
    public string[] TempFiles() => Directory.GetFiles(Path, "*.cin-*.tmp", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f)).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
