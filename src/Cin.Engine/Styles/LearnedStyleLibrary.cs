using Cin.Engine.Network;

namespace Cin.Engine.Styles;

/// <summary>
/// The learned styles in a folder (the user's style folder, <see cref="UserStyleFolder"/>), and the models they extend.
/// A file that cannot be used does not stop the others: it is reported as a problem, one line each, for <c>cin styles</c>
/// to show.
/// </summary>
public sealed class LearnedStyleLibrary
{
    private LearnedStyleLibrary(IReadOnlyList<(string Path, LearnedStyle Style)> styles, IReadOnlyList<LeftOutStyle> leftOut)
    {
        Styles = styles;
        LeftOut = leftOut;
    }

    public static LearnedStyleLibrary Empty { get; } = new([], []);

    /// <summary>Every style file read, in file-name order.</summary>
    public IReadOnlyList<(string Path, LearnedStyle Style)> Styles { get; }

    /// <summary>The files that could not be read, with why.</summary>
    public IReadOnlyList<LeftOutStyle> LeftOut { get; }

    /// <summary>One line per file that could not be read, naming the file and why.</summary>
    public IReadOnlyList<string> Problems => LeftOut.Select(p => p.Message).ToList();

    /// <summary>Reads every <c>*.cinstyle</c> in <paramref name="folder"/>; a missing folder is an empty library.</summary>
    public static LearnedStyleLibrary Load(string folder)
    {
        if (!Directory.Exists(folder)) return Empty;
        var styles = new List<(string, LearnedStyle)>();
        var problems = new List<LeftOutStyle>();
        string[] files;
        try { files = Directory.GetFiles(folder, "*" + StyleFileFormat.Extension); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([], [new LeftOutStyle(new StyleFileException(folder, 0, $"could not be listed: {e.Message}", e))]);
        }
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string file in files)
        {
            try { styles.Add((file, StyleFileFormat.Read(file))); }
            catch (StyleFileException e) { problems.Add(new LeftOutStyle(e)); }
        }
        return new LearnedStyleLibrary(styles, problems);
    }

    /// <summary>One style file given directly (<c>--style-file</c>), as a library of one; a bad file throws.</summary>
    public static LearnedStyleLibrary Single(string path) => new([(path, StyleFileFormat.Read(path))], []);

    /// <summary>
    /// <paramref name="model"/> with this library's styles for it listed after its own, numbered on from them. A style
    /// learned on other weights (its fingerprint differs), or whose name is already taken in the model, is left out
    /// and reported in <paramref name="leftOut"/>.
    /// </summary>
    public ModelInfo Extend(ModelInfo model, ICollection<LeftOutStyle>? leftOut = null)
    {
        var styles = model.Styles.ToList();
        foreach (var (path, style) in Styles)
        {
            if (!string.Equals(style.Model, model.Name, StringComparison.OrdinalIgnoreCase)) continue;
            if (Refusal(style, model, styles, path) is { } refused)
            {
                leftOut?.Add(new LeftOutStyle(refused, style.Name, model.Name));
                continue;
            }
            styles.Add(Describe(path, style, styles.Count));
        }
        return styles.Count == model.Styles.Count ? model : model with { Styles = styles };
    }

    /// <summary>
    /// <paramref name="model"/> (already extended with a library's styles) with the style file at <paramref name="path"/>
    /// given directly (<c>--style-file</c>): it takes the place of a learned style of the same name, or is listed
    /// last. A file that does not fit is a <see cref="StyleFileException"/>, not a style left out.
    /// </summary>
    public static (ModelInfo Model, StyleInfo Style) WithFile(ModelInfo model, string path, LearnedStyle style)
    {
        if (LearnedStyleBinding.WeightsMismatch(style, model) is { } mismatch) throw new StyleFileException(path, 0, mismatch);
        var existing = model.Find(style.Name);
        if (existing is { Learned: not null })
        {
            var replaced = Describe(path, style, existing.Index);
            var styles = model.Styles.ToList();
            styles[existing.Index] = replaced;
            return (model with { Styles = styles }, replaced);
        }
        if (Refusal(style, model, model.Styles, path) is { } refused) throw refused;
        var added = Describe(path, style, model.Styles.Count);
        return (model with { Styles = [.. model.Styles, added] }, added);
    }

    /// <summary>Why a style for <paramref name="model"/> cannot join <paramref name="styles"/>: learned on other weights, or a name taken.</summary>
    private static StyleFileException? Refusal(LearnedStyle style, ModelInfo model, IReadOnlyList<StyleInfo> styles, string path)
    {
        if (LearnedStyleBinding.WeightsMismatch(style, model) is { } mismatch) return new StyleFileException(path, 0, mismatch);
        if (styles.Any(s => string.Equals(s.Name, style.Name, StringComparison.OrdinalIgnoreCase)
                || s.Aliases.Contains(style.Name, StringComparer.OrdinalIgnoreCase)))
            return new StyleFileException(path, 0, $"model '{model.Name}' already has a style named '{style.Name}'; rename the file's style");
        return null;
    }

    /// <summary>A learned style as its model lists it: titled by its painting, credited "learned", its origin the file.</summary>
    private static StyleInfo Describe(string path, LearnedStyle style, int index) =>
        new(index, style.Name, [], Path.GetFileNameWithoutExtension(style.Painting.FileName), "learned", "-", path)
        {
            Origin = path,
            Learned = style,
        };
}
