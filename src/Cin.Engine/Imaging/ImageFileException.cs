namespace Cin.Engine.Imaging;

/// <summary>
/// An image file that could not be read or written, for a reason a user can act on. The message is one line,
/// "&lt;path&gt;: &lt;reason&gt;", so a command-line front end can print it as it is.
/// </summary>
public sealed class ImageFileException : Exception
{
    public ImageFileException(string path, ImageFileError error, string reason, Exception? inner = null)
        : base($"{path}: {OneLine(reason)}", inner)
    {
        Path = path;
        Error = error;
        Reason = OneLine(reason);
    }

    /// <summary>The file (or folder) the problem is about, as the caller named it.</summary>
    public string Path { get; }

    public ImageFileError Error { get; }

    /// <summary>What went wrong, without the path.</summary>
    public string Reason { get; }

    // Decoder messages sometimes span lines or end with a period; a one-line error must do neither.
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .TrimEnd('.');
}
