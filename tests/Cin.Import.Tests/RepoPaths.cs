namespace Cin.Import.Tests;

/// <summary>Locates the repository and the shared data beside it, from wherever the test binaries run.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string MagentaFolder => Path.Combine(Root, "styles", "magenta");

    /// <summary>The loss network's folder (cin-features), outside styles/ so the style catalogue does not list it.</summary>
    public static string ResNetFolder => Path.Combine(Root, "features", "resnet18");

    /// <summary>The source model lives outside the repository (it is not ours to commit), one level up.</summary>
    public static string SharedMagentaGraph =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "magenta", "stylize_quantized.pb"));

    /// <summary>The real graph's bytes, or a skipped test when this machine does not have the shared data.</summary>
    public static byte[] ReadSharedMagentaGraphOrSkip()
    {
        string path = SharedMagentaGraph;
        if (!File.Exists(path)) Assert.Skip($"Magenta shared data not present: {path}");
        return File.ReadAllBytes(path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no cin.sln above {AppContext.BaseDirectory}");
    }
}
