using System.Text.RegularExpressions;
using Cin.Engine.Imaging;

namespace Cin.PowerShell;

/// <summary>
/// Names Convert-CinImage's outputs. -Destination may hold the tokens {name} (the input's name without extension),
/// {style} (the style's name; a blend joins its styles with '+'), {ext} (the input's extension, or png where cin
/// cannot write the input's format) and {model}. A folder gets the default pattern.
/// </summary>
internal static partial class OutputName
{
    public const string DefaultPattern = "{name}-{style}.{ext}";

    private static readonly string[] s_tokens = ["name", "style", "ext", "model"];

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Token();

    /// <summary>The first token that is not one of ours, or null.</summary>
    public static string? UnknownToken(string pattern) =>
        Token().Matches(pattern).Select(m => m.Groups[1].Value).FirstOrDefault(t => !s_tokens.Contains(t, StringComparer.OrdinalIgnoreCase));

    public static string Expand(string pattern, string input, string style, string model)
    {
        string extension = Path.GetExtension(input);
        // As the CLI does: keep the input's format where cin can write it (a GIF, say, cannot be, so it becomes a PNG).
        if (extension.Length == 0 || OutputFormat.ForPath(input) is null) extension = ".png";
        return Token().Replace(pattern, m => m.Groups[1].Value.ToLowerInvariant() switch
        {
            "name" => Path.GetFileNameWithoutExtension(input),
            "style" => style,
            "ext" => extension[1..],
            "model" => model,
            _ => m.Value,
        });
    }

    /// <summary>
    /// Whether a -Destination (already expanded and resolved) means a folder: one that exists, one written with a
    /// trailing separator, or a name without an extension ("out"); anything else names a file.
    /// </summary>
    public static bool IsFolder(string written, string resolved) =>
        Directory.Exists(resolved)
        || written.EndsWith('/') || written.EndsWith('\\')
        || Path.GetExtension(resolved).Length == 0;
}
