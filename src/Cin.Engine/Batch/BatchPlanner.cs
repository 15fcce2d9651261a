using Cin.Engine.Imaging;

namespace Cin.Engine.Batch;

/// <summary>
/// Turns what the user named (files, folders, wildcard patterns) into a <see cref="BatchPlan"/>. Front ends pass the
/// strings as typed; shells that expand wildcards themselves simply pass files.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A file is taken whatever its extension (the content decides the format, and a bad file fails on its own).</item>
/// <item>A folder contributes the image files in it (by extension: .jpg .jpeg .png .webp .bmp .tif .tiff .gif), and
/// with <see cref="BatchPlanOptions.Recursive"/> those in its subfolders, which are mirrored under the output folder.
/// Hidden files (cin's own temporary files among them) are left out.</item>
/// <item>A pattern with *, ? or [...] in its last parts is matched against the file system ("photos/*.jpg",
/// "shoots/*/raw/*.png", "**/*.jpg" with ** for any depth). * does not match a leading dot.</item>
/// <item>A name that is none of these stays in the plan, so that the run reports "no such file" for it like any
/// other failure.</item>
/// <item>Inputs found in folders or by patterns that are themselves the planned output of another input (the results
/// of an earlier run into the same folder) are left out, so running the same command twice does not stylize its
/// own outputs.</item>
/// </list>
/// </remarks>
public static class BatchPlanner
{
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"];

    private static readonly StringComparer PathComparer =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>Plans a run; throws <see cref="ArgumentException"/> for a name pattern that cannot work.</summary>
    public static BatchPlan Plan(IEnumerable<string> inputs, BatchPlanOptions options)
    {
        CheckPattern(options.NamePattern);
        var found = new List<Found>();
        var unmatched = new List<string>();
        foreach (string input in inputs)
        {
            int before = found.Count;
            if (Directory.Exists(input))
                found.AddRange(FolderImages(input, options.Recursive));
            else if (IsPattern(input))
                found.AddRange(Glob(input, options.Recursive));
            else
                found.Add(new Found(input, "", Explicit: true));
            if (found.Count == before) unmatched.Add(input);
        }

        // The same file named twice (a file and its folder, overlapping patterns) runs once.
        var seen = new HashSet<string>(PathComparer);
        var unique = found.Where(f => seen.Add(Path.GetFullPath(f.Path))).ToList();

        var outputs = unique.Select(f => OutputFor(f, options)).ToList();
        var outputSet = new HashSet<string>(outputs.Select(Path.GetFullPath), PathComparer);
        var items = new List<BatchItem>();
        var claimed = new Dictionary<string, string>(PathComparer);
        for (int i = 0; i < unique.Count; i++)
        {
            var f = unique[i];
            if (!f.Explicit && outputSet.Contains(Path.GetFullPath(f.Path))) continue; // an earlier run's result
            string output = outputs[i];
            var item = new BatchItem(f.Path, output);
            string key = Path.GetFullPath(output);
            if (claimed.TryGetValue(key, out string? first))
                item = item with { Problem = new ImageFileException(f.Path, ImageFileError.OutputCollision, $"would be written to {output}, like {first}; use {{name}} in the name pattern or fewer inputs") };
            else if (PathComparer.Equals(key, Path.GetFullPath(f.Path)))
                item = item with { Problem = new ImageFileException(f.Path, ImageFileError.OutputCollision, "the output would replace the input itself") };
            else
            {
                claimed[key] = f.Path;
                if (options.SkipExisting && File.Exists(output)) item = item with { Skip = "its output exists" };
            }
            items.Add(item);
        }
        return new BatchPlan(items, unmatched, options.OutputFolder is not null);
    }

    /// <summary>
    /// Makes sure a run can write into <paramref name="folder"/>: creates it if needed, then creates and deletes a
    /// hidden probe file, so that a read-only folder gives one clear error instead of one per input.
    /// </summary>
    public static void PrepareOutputFolder(string folder)
    {
        try
        {
            if (File.Exists(folder)) throw new ImageFileException(folder, ImageFileError.Unwritable, "the output folder is a file");
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".cin-write-probe-{Environment.ProcessId}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageFileException(folder, ImageFileError.Unwritable, "the output folder is not writable (permission denied)", e);
        }
        catch (IOException e)
        {
            throw new ImageFileException(folder, ImageFileError.Unwritable, $"the output folder is not writable ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>An input as found: its path, its folder relative to the folder or pattern it came from, and whether it was named.</summary>
    private sealed record Found(string Path, string RelativeFolder, bool Explicit);

    private static string OutputFor(Found f, BatchPlanOptions options)
    {
        string name = Path.GetFileNameWithoutExtension(f.Path);
        string extension = OutputFormat.ForPath(f.Path) is null ? "png" : Path.GetExtension(f.Path).TrimStart('.');
        string file = Expand(options.NamePattern, name, options.StyleLabel, extension);
        string folder = options.OutputFolder is { } root
            ? Path.Combine(root, f.RelativeFolder)
            : Path.GetDirectoryName(f.Path) ?? "";
        return Path.Combine(folder, file);
    }

    private static readonly string[] Placeholders = ["{name}", "{style}", "{ext}"];

    private static void CheckPattern(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new ArgumentException("The name pattern is empty.");
        if (Path.IsPathRooted(pattern)) throw new ArgumentException($"The name pattern '{pattern}' must be a file name, not an absolute path (use the output folder for that).");
        string rest = pattern;
        foreach (string p in Placeholders) rest = rest.Replace(p, "", StringComparison.Ordinal);
        int open = rest.IndexOf('{');
        if (open >= 0 || rest.Contains('}'))
        {
            int close = rest.IndexOf('}', Math.Max(0, open));
            string token = open >= 0 && close > open ? rest[open..(close + 1)] : "{";
            throw new ArgumentException($"unknown placeholder {token} in the name pattern '{pattern}' (use {{name}}, {{style}} and {{ext}})");
        }
        string sample = Expand(pattern, "photo", "style", "jpg");
        if (OutputFormat.ForPath(sample) is null)
            throw new ArgumentException($"the name pattern '{pattern}' gives files like '{sample}', which is not a format cin writes (end it in .{{ext}} or one of {OutputFormat.KnownExtensions})");
    }

    private static string Expand(string pattern, string name, string style, string extension) =>
        pattern.Replace("{name}", name, StringComparison.Ordinal)
            .Replace("{style}", style, StringComparison.Ordinal)
            .Replace("{ext}", extension, StringComparison.Ordinal);

    private static bool IsImageFile(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<Found> FolderImages(string folder, bool recursive)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        };
        return Directory.EnumerateFiles(folder, "*", options)
            .Where(IsImageFile)
            .Order(StringComparer.Ordinal)
            .Select(p => new Found(p, Path.GetRelativePath(folder, Path.GetDirectoryName(p)!) is var r && r == "." ? "" : r, Explicit: false));
    }

    // ---- wildcard patterns ----

    private static bool IsPattern(string path) => path.IndexOfAny(['*', '?', '[']) >= 0;

    private static IEnumerable<Found> Glob(string pattern, bool recursive)
    {
        string[] parts = pattern.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.None);
        int firstWild = Array.FindIndex(parts, IsPattern);
        string root = string.Join(Path.DirectorySeparatorChar, parts[..firstWild]);
        if (root.Length == 0 && pattern.StartsWith('/')) root = "/";
        string start = root.Length == 0 ? "." : root;
        if (!Directory.Exists(start)) return [];
        var matches = new List<string>();
        Walk(start, parts[firstWild..], recursive, matches);
        return matches.Distinct(PathComparer).Order(StringComparer.Ordinal).Select(p =>
        {
            string relative = Path.GetRelativePath(start, Path.GetDirectoryName(p)!);
            string path = root.Length == 0 ? Path.GetRelativePath(".", p) : p;
            return new Found(path, relative == "." ? "" : relative, Explicit: false);
        });
    }

    private static void Walk(string folder, string[] parts, bool recursive, List<string> matches)
    {
        if (parts.Length == 0) return;
        string part = parts[0];
        bool last = parts.Length == 1;
        if (part == "**")
        {
            // Zero folders, then each subfolder at any depth.
            Walk(folder, parts[1..], recursive, matches);
            foreach (string sub in SafeFolders(folder).Where(d => !Path.GetFileName(d).StartsWith('.')))
                Walk(sub, parts, recursive, matches);
            return;
        }
        if (!IsPattern(part))
        {
            string next = Path.Combine(folder, part);
            if (last) { if (File.Exists(next)) matches.Add(next); }
            else if (Directory.Exists(next)) Walk(next, parts[1..], recursive, matches);
            return;
        }
        if (last)
        {
            foreach (string file in SafeFiles(folder).Where(f => Matches(Path.GetFileName(f), part)))
                matches.Add(file);
            if (recursive)
                foreach (string sub in SafeFolders(folder).Where(d => !Path.GetFileName(d).StartsWith('.')))
                    Walk(sub, parts, recursive, matches);
        }
        else
        {
            foreach (string sub in SafeFolders(folder).Where(d => Matches(Path.GetFileName(d), part)))
                Walk(sub, parts[1..], recursive, matches);
        }
    }

    private static IEnumerable<string> SafeFiles(string folder)
    {
        try { return Directory.GetFiles(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static IEnumerable<string> SafeFolders(string folder)
    {
        try { return Directory.GetDirectories(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>Shell-style matching of one name: * (any run), ? (one character), [abc] / [a-z] / [!abc].</summary>
    public static bool Matches(string name, string pattern)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.')) return false;
        return Match(name, 0, pattern, 0);
    }

    private static bool Match(string s, int i, string p, int j)
    {
        while (j < p.Length)
        {
            char c = p[j];
            if (c == '*')
            {
                while (j < p.Length && p[j] == '*') j++;
                if (j == p.Length) return true;
                for (int k = i; k <= s.Length; k++)
                    if (Match(s, k, p, j)) return true;
                return false;
            }
            if (i >= s.Length) return false;
            if (c == '?') { i++; j++; continue; }
            if (c == '[' && p.IndexOf(']', j + 1) is var close && close > j + 1)
            {
                bool negate = p[j + 1] is '!' or '^';
                int k = negate ? j + 2 : j + 1;
                bool hit = false;
                for (; k < close; k++)
                {
                    if (k + 2 < close && p[k + 1] == '-') { hit |= s[i] >= p[k] && s[i] <= p[k + 2]; k += 2; }
                    else hit |= s[i] == p[k];
                }
                if (hit == negate) return false;
                i++;
                j = close + 1;
                continue;
            }
            if (!CharEquals(s[i], c)) return false;
            i++;
            j++;
        }
        return i == s.Length;
    }

    private static bool CharEquals(char a, char b) =>
        OperatingSystem.IsLinux() ? a == b : char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
