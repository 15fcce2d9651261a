using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Cin.Generators.Tests;

/// <summary>
/// The text files of one model folder, held in memory so a test can break one line of them. The files appear to the
/// generator under <c>/models/&lt;folder&gt;/</c>, as MSBuild would pass them as AdditionalFiles.
/// </summary>
internal sealed class ModelFiles
{
    public const string Topology = "model.txt";
    public const string Styles = "styles.tsv";
    public const string Norm = "norm.txt";

    private static readonly string[] Kinds = { Topology, Styles, Norm };

    private ModelFiles(string folder, ImmutableDictionary<string, string> files)
    {
        Folder = folder;
        Files = files;
    }

    /// <summary>The folder's name, the part of the path the generator uses to group files and name resources.</summary>
    public string Folder { get; }

    public ImmutableDictionary<string, string> Files { get; }

    public string this[string file] => Files[file];

    /// <summary>Reads a folder under tests/Models (or any folder), optionally presenting it under another name.</summary>
    public static ModelFiles FromDisk(string directory, string? asFolder = null)
    {
        var files = ImmutableDictionary.CreateBuilder<string, string>();
        foreach (string kind in Kinds)
        {
            string path = System.IO.Path.Combine(directory, kind);
            if (File.Exists(path)) files[kind] = File.ReadAllText(path);
        }
        return new ModelFiles(asFolder ?? System.IO.Path.GetFileName(directory.TrimEnd('/', '\\')), files.ToImmutable());
    }

    /// <summary>A model from tests/Models: <c>tiny</c> (widths 5,6,7, 2 blocks, 2 styles) or <c>paper</c>.</summary>
    public static ModelFiles Test(string name, string? asFolder = null) =>
        FromDisk(System.IO.Path.Combine(Paths.RepoRoot, "tests", "Models", name), asFolder);

    /// <summary>A feature network from tests/FeatureModels: <c>tiny-trunk</c> (every statement kind, odd widths).</summary>
    public static ModelFiles Feature(string name, string? asFolder = null) =>
        FromDisk(System.IO.Path.Combine(Paths.RepoRoot, "tests", "FeatureModels", name), asFolder);

    public static string PathOf(string folder, string file) => $"/models/{folder}/{file}";

    public string PathOf(string file) => PathOf(Folder, file);

    public ModelFiles InFolder(string folder) => new(folder, Files);

    public ModelFiles With(string file, string text) => new(Folder, Files.SetItem(file, text));

    public ModelFiles With(string file, Func<string, string> edit) => With(file, edit(Files[file]));

    public ModelFiles Without(string file) => new(Folder, Files.Remove(file));

    /// <summary>Replaces line <paramref name="number"/> (1-based) of a file; the other lines keep their numbers.</summary>
    public ModelFiles ReplaceLine(string file, int number, string line) => With(file, text =>
    {
        var lines = SplitLines(text);
        Assert.InRange(number, 1, lines.Count);
        lines[number - 1] = line;
        return JoinLines(lines);
    });

    /// <summary>Rewrites line <paramref name="number"/> (1-based) of a file.</summary>
    public ModelFiles EditLine(string file, int number, Func<string, string> edit) =>
        ReplaceLine(file, number, edit(Line(file, number)));

    public ModelFiles RemoveLine(string file, int number) => With(file, text =>
    {
        var lines = SplitLines(text);
        Assert.InRange(number, 1, lines.Count);
        lines.RemoveAt(number - 1);
        return JoinLines(lines);
    });

    public ModelFiles AppendLine(string file, string line) => With(file, text => JoinLines([.. SplitLines(text), line]));

    /// <summary>Line <paramref name="number"/> (1-based) of a file, without its line break.</summary>
    public string Line(string file, int number) => SplitLines(Files[file])[number - 1];

    public int LineCount(string file) => SplitLines(Files[file]).Count;

    /// <summary>The folder as the generator's pipeline hands it to the parser, for tests of the spec itself.</summary>
    public Parsing.ModelFolder ToFolder()
    {
        string directory = $"/models/{Folder}";
        Parsing.ModelFile? File(string kind, Parsing.ModelFileKind fileKind) =>
            Files.TryGetValue(kind, out string? text) ? new Parsing.ModelFile(directory, Folder, fileKind, PathOf(kind), text) : null;
        return new Parsing.ModelFolder(directory, Folder,
            File(Topology, Parsing.ModelFileKind.Topology), File(Styles, Parsing.ModelFileKind.Styles), File(Norm, Parsing.ModelFileKind.Norm),
            Model.EquatableArray<string>.Empty);
    }

    public IEnumerable<AdditionalText> AdditionalTexts() =>
        Kinds.Where(Files.ContainsKey).Select(kind => (AdditionalText)new InMemoryAdditionalText(PathOf(kind), Files[kind]));

    private static List<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static string JoinLines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}

/// <summary>An additional file with its text in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;

    public override string ToString() => Path;
}

internal static class Paths
{
    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The assembly metadata {key} is empty.");

    /// <summary>The repository root (the build's $(RepoRoot)).</summary>
    public static string RepoRoot { get; } = System.IO.Path.GetFullPath(Metadata("CinRepoRoot"));

    /// <summary>This test project's source folder, where the golden files live.</summary>
    public static string ProjectDir { get; } = System.IO.Path.GetFullPath(Metadata("CinTestProjectDir"));
}
