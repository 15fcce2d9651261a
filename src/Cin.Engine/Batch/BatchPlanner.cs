using Cin.Engine.Imaging;

namespace Cin.Engine.Batch;

/// <summary>
/// Turns what the user named (files, folders, wildcard patterns) into a <see cref="BatchPlan"/>, each output named
/// and checked by <see cref="OutputPlanner"/>. Front ends pass the strings as typed; shells that expand wildcards
/// themselves simply pass files.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A file is taken whatever its extension (the content decides the format, and a bad file fails on its own).</item>
/// <item>A folder contributes the image files in it (by extension: .jpg .jpeg .png .webp .bmp .tif .tiff .gif), and
/// when recursive those in its subfolders, which are mirrored under the output folder. Hidden files (cin's own
/// temporary files among them) are left out.</item>
/// <item>A pattern with *, ? or [...] in its last parts is matched against the file system ("photos/*.jpg",
/// "shoots/*/raw/*.png", "**/*.jpg" with ** for any depth). * does not match a leading dot.</item>
/// <item>A name that is none of these stays in the plan, so that the run reports "no such file" for it like any
/// other failure.</item>
/// <item>Inputs found in folders or by patterns that are themselves the planned output of another input (the results
/// of an earlier run into the same folder) are left out, so running the same command twice does not stylize its
/// own outputs; one whose output would be itself is kept, and refused (<see cref="OutputRefusal.OutputIsInput"/>).</item>
/// </list>
/// </remarks>
public static class BatchPlanner
{
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"];

    /// <summary>
    /// Plans a run: expands the inputs, then names and checks each output with an <see cref="OutputPlanner"/> for
    /// <paramref name="output"/>. Throws <see cref="OutputPatternException"/> for a name pattern that cannot work.
    /// </summary>
    /// <param name="recursive">Descend into subfolders of folder inputs (and let ** in patterns match any depth).</param>
    /// <param name="shard">Keep only this shard's inputs (<c>--shard I/N</c>). Outputs are claimed over the whole set
    /// first, so every shard reports the same collisions.</param>
    public static BatchPlan Plan(IEnumerable<string> inputs, OutputRequest output, bool recursive = false, Shard? shard = null)
    {
        var planner = new OutputPlanner(output);
        var (found, unmatched) = Find(inputs, recursive);

        // The same file named twice (a file and its folder, overlapping patterns) runs once.
        var seen = new HashSet<string>(PathIdentity.Comparer);
        var unique = found.Where(f => seen.Add(planner.Canonical(f.Path))).ToList();

        var outputs = unique.Select(f => planner.OutputFor(f.Path, f.RelativeFolder)).ToList();
        var outputSet = new HashSet<string>(outputs.Select(planner.Canonical), PathIdentity.Comparer);
        var items = new List<BatchItem>();
        for (int i = 0; i < unique.Count; i++)
        {
            var f = unique[i];
            // An earlier run's result, unless it would be its own output: that is refused, not passed over in silence.
            if (!f.Explicit && outputSet.Contains(planner.Canonical(f.Path)) && !planner.SameFile(f.Path, outputs[i])) continue;
            var item = BatchItem.From(planner.Claim(f.Path, outputs[i]));
            if (shard is { } part && !part.Contains(Path.Combine(f.RelativeFolder, Path.GetFileName(f.Path)))) continue;
            items.Add(item);
        }
        return new BatchPlan(items, unmatched);
    }

    /// <summary>
    /// The image files that files, folders and patterns name, in the order given (a folder's and a pattern's in name
    /// order), each once; and the inputs that named none. For commands that read images without writing one per
    /// input (<c>cin learn --photos</c>).
    /// </summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Unmatched) Expand(IEnumerable<string> inputs, bool recursive = false)
    {
        var (found, unmatched) = Find(inputs, recursive);
        var seen = new HashSet<string>(PathIdentity.Comparer);
        return (found.Select(f => f.Path).Where(p => seen.Add(Path.GetFullPath(p))).ToList(), unmatched);
    }

    private static (List<Found> Found, List<string> Unmatched) Find(IEnumerable<string> inputs, bool recursive)
    {
        var found = new List<Found>();
        var unmatched = new List<string>();
        foreach (string input in inputs)
        {
            int before = found.Count;
            if (Directory.Exists(input))
                found.AddRange(FolderImages(input, recursive));
            else if (IsPattern(input))
                found.AddRange(Glob(input, recursive));
            else
                found.Add(new Found(input, "", Explicit: true));
            if (found.Count == before) unmatched.Add(input);
        }
        return (found, unmatched);
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
        return matches.Distinct(PathIdentity.Comparer).Order(StringComparer.Ordinal).Select(p =>
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
