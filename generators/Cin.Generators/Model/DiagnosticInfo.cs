using Cin.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Cin.Generators.Model;

/// <summary>
/// A diagnostic as plain data. Roslyn's <see cref="Diagnostic"/> and <see cref="Location"/> do not compare by value,
/// so the pipeline carries this and builds the real diagnostic only when reporting.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    string Message,
    string FilePath,
    int Line,
    int Column,
    int Start,
    int Length)
{
    public static DiagnosticInfo At(DiagnosticDescriptor descriptor, LineLocation location, string message) =>
        new(descriptor.Id, message, location.FilePath, location.Line, 0, location.Start, location.Length);

    public Diagnostic ToDiagnostic()
    {
        var descriptor = Diagnostics.ById(Id);
        var position = new LinePosition(Line, Column);
        var location = Location.Create(
            FilePath,
            new TextSpan(Start, Length),
            new LinePositionSpan(position, new LinePosition(Line, Column + Length)));
        return Diagnostic.Create(descriptor, location, Message);
    }
}

/// <summary>A whole line of a text file (0-based line number, offset and length), or a file's start; compared by value.</summary>
internal sealed record LineLocation(string FilePath, int Line, int Start, int Length)
{
    public static LineLocation Of(string path, SourceLine line) => new(path, line.Number, line.Start, line.Text.Length);

    public static LineLocation StartOf(string path) => new(path, 0, 0, 0);
}
