using System;
using System.Collections.Immutable;
using System.Linq;

namespace Cin.Generators.Model;

/// <summary>What the clash check needs of a sound model: where it is, and the names it generates.</summary>
internal sealed record ModelIdentity(string Directory, string Folder, string Name, string ClassName, LineLocation NameLine);

/// <summary>
/// A model whose class name another model also makes, ignoring case (<c>a-1</c> and <c>a1</c> both make
/// <c>A1Network</c>; <c>a-b</c> and <c>ab</c> make <c>ABNetwork</c> and <c>AbNetwork</c>, whose source hint names
/// Roslyn compares ignoring case). <see cref="Report"/> is the CIN0008 diagnostic, given to every model of a clash but
/// the first, so each clash is reported once per extra model.
/// </summary>
internal sealed record ClassClash(string Directory, DiagnosticInfo? Report);

internal sealed record ClassClashes(EquatableArray<ClassClash> Items)
{
    public ClassClash? Find(string directory) => Items.FirstOrDefault(c => c.Directory == directory);

    public static ClassClashes Find(ImmutableArray<ModelIdentity> models)
    {
        var clashes = models
            .GroupBy(m => m.ClassName, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .SelectMany(g =>
            {
                var ordered = g.OrderBy(m => m.Directory, StringComparer.Ordinal).ToList();
                var first = ordered[0];
                return ordered.Select((m, i) => new ClassClash(m.Directory, i == 0 ? null : Report(first, m)));
            })
            .OrderBy(c => c.Directory, StringComparer.Ordinal);
        return new ClassClashes(clashes.ToEquatableArray());
    }

    private static DiagnosticInfo Report(ModelIdentity first, ModelIdentity model)
    {
        string message = first.Name == model.Name
            ? $"two model folders declare the model name '{model.Name}': '{first.Folder}' and '{model.Folder}'; model names must be unique"
            : first.ClassName == model.ClassName
                ? $"the model names '{first.Name}' (folder '{first.Folder}') and '{model.Name}' (folder '{model.Folder}') "
                    + $"both make the class {model.ClassName}; rename one of the models"
                : $"the model names '{first.Name}' (folder '{first.Folder}') and '{model.Name}' (folder '{model.Folder}') "
                    + $"make the classes {first.ClassName} and {model.ClassName}, which differ only in case, as do their generated "
                    + "file names; rename one of the models";
        return DiagnosticInfo.At(Diagnostics.DuplicateModel, model.NameLine, "model.txt: " + message);
    }
}
