using System.Text.RegularExpressions;
using Cin.Engine.Imaging;
using Cin.Engine.Video;

namespace Cin.Engine.Batch;

/// <summary>
/// The tokens of output names, the same for every front end (<c>cin --name</c>, <c>Convert-CinImage -Destination</c>):
/// <c>{name}</c> (the input's file name without its extension), <c>{style}</c> (the style's label, see
/// <see cref="StyleLabel"/>), <c>{model}</c> (the model's name) and <c>{ext}</c> (the input's extension, or png where
/// cin cannot write the input's format). Tokens are matched without regard to case; anything else in braces is an
/// unknown token.
/// </summary>
public static partial class OutputName
{
    /// <summary>The output name when none is given: the input's name, the style and the input's extension.</summary>
    public const string DefaultPattern = "{name}-{style}.{ext}";

    /// <summary>The tokens, as written in a pattern.</summary>
    public static IReadOnlyList<string> Tokens { get; } = ["{name}", "{style}", "{model}", "{ext}"];

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Token();

    /// <summary>The first token in braces that is not one of <see cref="Tokens"/> ("{colour}"), or null.</summary>
    public static string? UnknownToken(string pattern) =>
        Token().Matches(pattern).Select(m => m.Value)
            .FirstOrDefault(t => !Tokens.Contains(t, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The extension {ext} stands for, without the dot: the input's own where cin writes that format, else "png" for a
    /// photo (a GIF, say, cannot be written, so its output is a PNG) and "mp4" for a video (an .avi becomes H.264 MP4).
    /// </summary>
    public static string Extension(string input)
    {
        if (VideoFiles.IsVideo(input)) return VideoFiles.OutputContainer(input) is null ? "mp4" : Path.GetExtension(input).TrimStart('.');
        return OutputFormat.ForPath(input) is null ? "png" : Path.GetExtension(input).TrimStart('.');
    }

    /// <summary>The pattern with every token replaced for this input.</summary>
    public static string Expand(string pattern, string input, string style, string model) =>
        Token().Replace(pattern, m => m.Value.ToLowerInvariant() switch
        {
            "{name}" => Path.GetFileNameWithoutExtension(input),
            "{style}" => style,
            "{model}" => model,
            "{ext}" => Extension(input),
            _ => m.Value,
        });

    /// <summary>Throws <see cref="OutputPatternException"/> for a pattern with a token that is not one of ours.</summary>
    public static void CheckTokens(string pattern)
    {
        if (UnknownToken(pattern) is { } token)
            throw new OutputPatternException(OutputPatternProblem.UnknownToken, pattern, token,
                $"unknown token {token} in '{pattern}' (use {string.Join(", ", Tokens.Take(Tokens.Count - 1))} or {Tokens[^1]})");
    }

    /// <summary>
    /// Checks a pattern for the file name of outputs that go into a folder: not empty, not an absolute path (the
    /// folder says where), only known tokens, and ending in a format cin writes.
    /// </summary>
    public static void CheckNamePattern(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
            throw new OutputPatternException(OutputPatternProblem.Empty, pattern, null, "the name pattern is empty");
        if (Path.IsPathRooted(pattern))
            throw new OutputPatternException(OutputPatternProblem.Rooted, pattern, null,
                $"'{pattern}' must be a file name, not an absolute path (the output folder says where)");
        CheckTokens(pattern);
        string sample = Expand(pattern, "photo.jpg", "style", "model");
        if (OutputFormat.ForPath(sample) is null && VideoFiles.OutputContainer(sample) is null)
            throw new OutputPatternException(OutputPatternProblem.NotAFormatCinWrites, pattern, null,
                $"'{pattern}' gives files like '{sample}', which is not a format cin writes (end it in .{{ext}} or one of {OutputFormat.KnownExtensions})");
    }
}

/// <summary>What is wrong with an output name pattern.</summary>
public enum OutputPatternProblem
{
    Empty,
    /// <summary>A name pattern that is an absolute path.</summary>
    Rooted,
    /// <summary>Something in braces that is not a token (<see cref="OutputPatternException.Token"/>).</summary>
    UnknownToken,
    /// <summary>The names it gives end in no extension cin writes.</summary>
    NotAFormatCinWrites,
}

/// <summary>
/// An output name pattern that cannot work. The message is one line in the engine's words, without the option's name:
/// each front end says which of its options held the pattern.
/// </summary>
public sealed class OutputPatternException(OutputPatternProblem problem, string pattern, string? token, string message)
    : ArgumentException(message)
{
    public OutputPatternProblem Problem { get; } = problem;

    public string Pattern { get; } = pattern;

    /// <summary>The unknown token, braces included, for <see cref="OutputPatternProblem.UnknownToken"/>.</summary>
    public string? Token { get; } = token;
}
