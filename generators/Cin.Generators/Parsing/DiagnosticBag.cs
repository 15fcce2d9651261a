using System.Collections.Generic;
using Cin.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Cin.Generators.Parsing;

/// <summary>
/// Collects a folder's diagnostics. A message about a file starts with the file's name ("model.txt: ..."), so it names
/// the file even where the location is not shown; the location (path, line, span) carries the rest.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly List<DiagnosticInfo> _items = new();

    public bool HasErrors => _items.Count > 0;
    public EquatableArray<DiagnosticInfo> ToArray() => _items.ToEquatableArray();

    /// <summary>A problem on one line of a file: the location is the whole line.</summary>
    public void Add(DiagnosticDescriptor descriptor, ModelFile file, SourceLine line, string message) =>
        _items.Add(DiagnosticInfo.At(descriptor, LineLocation.Of(file.Path, line), file.Name + ": " + message));

    /// <summary>A problem with a file as a whole: the location is the file's start.</summary>
    public void Add(DiagnosticDescriptor descriptor, ModelFile file, string message) =>
        _items.Add(DiagnosticInfo.At(descriptor, LineLocation.StartOf(file.Path), file.Name + ": " + message));

    /// <summary>A problem with the folder, reported at the start of one of its files; the message names the folder.</summary>
    public void AddAboutFolder(DiagnosticDescriptor descriptor, ModelFile file, string message) =>
        _items.Add(DiagnosticInfo.At(descriptor, LineLocation.StartOf(file.Path), message));
}
