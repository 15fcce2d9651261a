namespace Cin.Generators.Parsing;

internal enum ModelFileKind
{
    None,
    Topology,
    Styles,
    Norm,
}

/// <summary>
/// One text file of a model folder; compared by value. <see cref="Directory"/> is the folder's full path with '/'
/// separators, which tells folders apart; <see cref="Folder"/> is its last segment, the model's folder name.
/// </summary>
internal sealed record ModelFile(string Directory, string Folder, ModelFileKind Kind, string Path, string Text)
{
    public static ModelFileKind Classify(string path) => FileName(path) switch
    {
        "model.txt" => ModelFileKind.Topology,
        "styles.tsv" => ModelFileKind.Styles,
        "norm.txt" => ModelFileKind.Norm,
        _ => ModelFileKind.None,
    };

    /// <summary>The file's name without its directory, as messages name it (model.txt, styles.tsv, norm.txt).</summary>
    public string Name => FileName(Path);

    /// <summary>The directory of a path, with '\' turned into '/' and no trailing separator (MSBuild passes either).</summary>
    public static string DirectoryOf(string path)
    {
        string normalized = path.Replace('\\', '/');
        int slash = normalized.LastIndexOf('/');
        return slash < 0 ? "" : normalized.Substring(0, slash).TrimEnd('/');
    }

    /// <summary>The last segment of a directory: the folder's name, which names its embedded weights resource.</summary>
    public static string FolderOf(string directory) => directory.Substring(directory.LastIndexOf('/') + 1);

    private static string FileName(string path) => path.Substring(path.Replace('\\', '/').LastIndexOf('/') + 1);
}

/// <summary>
/// The three text files of one model folder; a missing file is null. <see cref="SameFolderName"/> lists the other
/// directories (in ordinal order) whose folder has the same name, so would embed the same weights resource.
/// </summary>
internal sealed record ModelFolder(
    string Directory,
    string Folder,
    ModelFile? Topology,
    ModelFile? Styles,
    ModelFile? Norm,
    Model.EquatableArray<string> SameFolderName)
{
    /// <summary>Some file of the folder, for a diagnostic about the folder as a whole: model.txt when present.</summary>
    public ModelFile AnyFile => Topology ?? Styles ?? Norm!;
}
