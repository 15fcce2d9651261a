namespace Cin.Engine.Batch;

/// <summary>When two paths name the same file: the one comparison of paths that planning uses.</summary>
public static class PathIdentity
{
    /// <summary>
    /// Case-sensitive on Linux, insensitive elsewhere (the default file systems of Windows and macOS ignore case).
    /// </summary>
    public static StringComparer Comparer { get; } =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// The full path with every folder on the way resolved through symbolic links, so that "link/photo.jpg" and
    /// "real/photo.jpg" compare equal when link points at real. The file itself is not resolved: an output is renamed
    /// into place over the directory entry, which replaces a link, never what it points at.
    /// </summary>
    /// <param name="realFolders">
    /// Folders already resolved, for callers that compare many paths in few folders (a plan of thousands of photos);
    /// it is only as fresh as its owner, so a planning step keeps one for its own duration.
    /// </param>
    public static string Canonical(string path, Dictionary<string, string>? realFolders = null)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(folder)) return full;
        string real;
        if (realFolders is null) real = RealFolder(folder, 0);
        else if (!realFolders.TryGetValue(folder, out real!)) realFolders[folder] = real = RealFolder(folder, 0);
        return Path.Combine(real, Path.GetFileName(full));
    }

    /// <summary>Whether writing <paramref name="output"/> would replace <paramref name="input"/>.</summary>
    public static bool SameFile(string input, string output, Dictionary<string, string>? realFolders = null) =>
        Comparer.Equals(Canonical(input, realFolders), Canonical(output, realFolders));

    // As many links as Linux follows in one path before it gives up (ELOOP).
    private const int MaxLinks = 40;

    private static string RealFolder(string folder, int links)
    {
        try
        {
            var info = new DirectoryInfo(folder);
            string? parent = info.Parent is { } p ? RealFolder(p.FullName, links) : null;
            string here = parent is null ? info.FullName : Path.Combine(parent, info.Name);
            if (links < MaxLinks && new DirectoryInfo(here).ResolveLinkTarget(returnFinalTarget: true) is { } target)
                return RealFolder(target.FullName, links + 1);
            return here;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Path.GetFullPath(folder);
        }
    }
}
