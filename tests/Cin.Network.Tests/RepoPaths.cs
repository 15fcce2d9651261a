namespace Cin.Network.Tests;

/// <summary>Where the repository and the shared data sit, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestModel(string name) => Path.Combine(Root, "tests", "Models", name);

    public static string Style(string name) => Path.Combine(Root, "styles", name);

    /// <summary>../shared/data/content next to the repository: the photos, which a fresh clone may not have.</summary>
    public static string ContentPhotos => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "content"));

    /// <summary>This project's source folder (where the verified snapshots live).</summary>
    public static string Project => Path.Combine(Root, "tests", "Cin.Network.Tests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "cin.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No cin.sln above {AppContext.BaseDirectory}.");
    }
}
