using Cin.Engine.Network;

namespace Cin.Engine.Styles;

/// <summary>
/// The learned styles in a folder (the user's style folder, <see cref="UserStyleFolder"/>), and the models they extend.
/// A file that cannot be used does not stop the others: it is reported as a problem, one line each, for <c>cin styles</c>
/// to show.
/// </summary>
public sealed class LearnedStyleLibrary
{
    private LearnedStyleLibrary(IReadOnlyList<(string Path, LearnedStyle Style)> styles, IReadOnlyList<string> problems)
    {
        Styles = styles;
        Problems = problems;
    }

    public static LearnedStyleLibrary Empty { get; } = new([], []);

    /// <summary>Every style file read, in file-name order.</summary>
    public IReadOnlyList<(string Path, LearnedStyle Style)> Styles { get; }

    /// <summary>One line per file left out, naming the file and why.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads every <c>*.cinstyle</c> in <paramref name="folder"/>; a missing folder is an empty library.</summary>
    public static LearnedStyleLibrary Load(string folder)
    {
        if (!Directory.Exists(folder)) return Empty;
        var styles = new List<(string, LearnedStyle)>();
        var problems = new List<string>();
        string[] files;
        try { files = Directory.GetFiles(folder, "*" + StyleFileFormat.Extension); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new([], [$"{folder}: could not be listed: {e.Message}"]); }
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string file in files)
        {
            try { styles.Add((file, StyleFileFormat.Read(file))); }
            catch (StyleFileException e) { problems.Add(e.Message); }
        }
        return new LearnedStyleLibrary(styles, problems);
    }

    /// <summary>One style file given directly (<c>--style-file</c>), as a library of one; a bad file throws.</summary>
    public static LearnedStyleLibrary Single(string path) => new([(path, StyleFileFormat.Read(path))], []);

    /// <summary>
    /// <paramref name="model"/> with this library's styles for it listed after its own, numbered on from them. A style
    /// learned on other weights (its fingerprint differs), or whose name is already taken in the model, is left out
    /// and reported in <paramref name="problems"/>.
    /// </summary>
    public ModelInfo Extend(ModelInfo model, ICollection<string>? problems = null)
    {
        var styles = model.Styles.ToList();
        foreach (var (path, style) in Styles)
        {
            if (!string.Equals(style.Model, model.Name, StringComparison.OrdinalIgnoreCase)) continue;
            if (model.WeightsSha256.Length > 0 && !string.Equals(style.ModelFingerprint, model.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            {
                problems?.Add($"{path}: was learned on other weights of model '{model.Name}' (sha256={style.ModelFingerprint[..12]}..., this cin has {model.WeightsSha256[..Math.Min(12, model.WeightsSha256.Length)]}...); learn it again");
                continue;
            }
            if (styles.Any(s => s.Name == style.Name || s.Aliases.Contains(style.Name)))
            {
                problems?.Add($"{path}: model '{model.Name}' already has a style named '{style.Name}'; rename the file's style");
                continue;
            }
            styles.Add(new StyleInfo(styles.Count, style.Name, [], Path.GetFileNameWithoutExtension(style.Painting.FileName), "learned", "-", path)
            {
                Origin = path,
                Learned = style,
            });
        }
        return styles.Count == model.Styles.Count ? model : model with { Styles = styles };
    }
}
