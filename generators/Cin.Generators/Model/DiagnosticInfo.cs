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
