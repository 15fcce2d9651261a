namespace Cin.TestSupport;

/// <summary>A fresh folder per test under the system temp directory, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "cin-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string WriteFile(string name, byte[] bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The files cin's atomic writer leaves while it works; there must be none once a command returns.</summary>
    public string[] TempFiles() => Directory.GetFiles(Path, "*.cin-*.tmp", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f)).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
