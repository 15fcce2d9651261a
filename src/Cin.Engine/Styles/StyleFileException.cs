namespace Cin.Engine.Styles;

/// <summary>
/// A style file that cannot be used: unreadable, malformed, hostile, or for another model. The message is one line that
/// starts with the file's path (and its line number where one is to blame), for a front end to print as it is.
/// </summary>
public sealed class StyleFileException : Exception
{
    public StyleFileException(string path, int line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{path}:{line}: {problem}" : $"{path}: {problem}", inner)
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    public string Path { get; }

    /// <summary>The 1-based line to blame, or 0 for the file as a whole.</summary>
    public int Line { get; }

    public string Problem { get; }
}
