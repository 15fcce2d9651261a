using System;
using System.IO;

namespace Cin.Generators.Parsing;

internal enum ModelFileKind
{
    None,
    Topology,
    Styles,
    Norm,
}

/// <summary>One text file of a model folder, with the folder it belongs to; compared by value.</summary>
internal sealed record ModelFile(string Folder, ModelFileKind Kind, string Path, string Text)
{
    public static ModelFileKind Classify(string path) => System.IO.Path.GetFileName(path) switch
    {
        "model.txt" => ModelFileKind.Topology,
        "styles.tsv" => ModelFileKind.Styles,
        "norm.txt" => ModelFileKind.Norm,
        _ => ModelFileKind.None,
    };

    public static string FolderOf(string path)
    {
        string? directory = System.IO.Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(directory) ? "" : System.IO.Path.GetFileName(directory.TrimEnd('/', '\\'));
    }
}

/// <summary>The three text files of one model folder; a missing file is null.</summary>
internal sealed record ModelFolder(string Folder, ModelFile? Topology, ModelFile? Styles, ModelFile? Norm);
