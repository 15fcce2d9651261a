namespace Cin.Engine.Styles;

/// <summary>
/// A style file left out of the catalog: unreadable, learned on other weights, or naming a style its model already
/// has. Listing styles shows <see cref="Message"/> as a warning; asking for the style by name reports it as the error
/// (<see cref="StyleLookup"/>), so one bad file neither hides the others nor leaves "unknown style" unexplained.
/// </summary>
/// <param name="Problem">The one-line reason, naming the file.</param>
/// <param name="StyleName">The style's name when the file could be read that far; null otherwise.</param>
/// <param name="Model">The style's model when the file could be read that far; null otherwise.</param>
public sealed record LeftOutStyle(StyleFileException Problem, string? StyleName = null, string? Model = null)
{
    public string Message => Problem.Message;

    /// <summary>
    /// Whether asking for <paramref name="name"/> means this file: its style's name or, for a file that could not be
    /// read, the file's own name (cin learn saves a style as NAME.cinstyle).
    /// </summary>
    public bool Answers(string name) =>
        string.Equals(StyleName ?? Path.GetFileNameWithoutExtension(Problem.Path), name, StringComparison.OrdinalIgnoreCase);
}
