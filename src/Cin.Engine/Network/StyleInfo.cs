namespace Cin.Engine.Network;

/// <summary>One style of a model: its row in the gamma/beta tables and how people refer to it.</summary>
public sealed record StyleInfo(
    int Index,
    string Name,
    IReadOnlyList<string> Aliases,
    string Title,
    string Artist,
    string Year,
    string Source)
{
    /// <summary>Where the style comes from: <see cref="BuiltIn"/>, or the path of the style file it was read from.</summary>
    public string Origin { get; init; } = BuiltIn;

    /// <summary>The learned style's rows and provenance, for a style read from a style file; null for a built-in row.</summary>
    public Styles.LearnedStyle? Learned { get; init; }

    public const string BuiltIn = "built-in";
}
