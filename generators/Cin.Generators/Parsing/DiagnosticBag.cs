using System.Collections.Generic;
using Cin.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Cin.Generators.Parsing;

internal sealed class DiagnosticBag
{
    private readonly List<DiagnosticInfo> _items = new();

    public bool HasErrors => _items.Count > 0;
    public EquatableArray<DiagnosticInfo> ToArray() => _items.ToEquatableArray();

    public void Add(DiagnosticDescriptor descriptor, ModelFile file, SourceLine line, string message) =>
        _items.Add(new DiagnosticInfo(descriptor.Id, message, file.Path, line.Number, 0, line.Start, line.Text.Length));

    public void Add(DiagnosticDescriptor descriptor, string path, string message) =>
        _items.Add(new DiagnosticInfo(descriptor.Id, message, path, 0, 0, 0, 0));
}
