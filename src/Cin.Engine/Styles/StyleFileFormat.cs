using System.Globalization;
using System.Text;
using Cin.Engine.Imaging;

namespace Cin.Engine.Styles;

/// <summary>
/// Reads and writes style files: small UTF-8 text files in the spirit of a model folder's <c>norm.txt</c>, one fact
/// per line, so that a person can read what a style is and where it came from.
/// <code>
/// format cin-style 1
/// name jolly-flatboatmen
/// model magenta
/// model-weights sha256=3d63a2e7...
/// painting sha256=9f1c... The Jolly Flatboatmen.jpg
/// steps 400
/// losses style=0.61 content=0.55 tv=0.012
/// norm contract/conv1 gamma 0.35 0.58 ...
/// norm contract/conv1 beta -0.29 -0.13 ...
/// </code>
/// Lines starting with <c>#</c> and blank lines are ignored. Every other line must be one of these; each fact appears
/// once, and each norm layer has one gamma and one beta line of the same length, in the model's order. The file is
/// untrusted (people share styles): it is read within fixed limits and every problem is a
/// <see cref="StyleFileException"/> naming the line, never another exception. Whether the rows fit a model is
/// checked when the style is bound to it (<see cref="LearnedStyleBinding"/>).
/// </summary>
public static class StyleFileFormat
{
    public const string Extension = ".cinstyle";
    public const string FormatLine = "format cin-style 1";

    /// <summary>No real style file comes near this (paintings40's rows are about 40 KB).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>A gamma or beta value's magnitude above this is not a style but garbage.</summary>
    public const float MaxMagnitude = 1e4f;

    private const int MaxPaintingName = 255;
    private const int MaxLayerName = 128;

    public static LearnedStyle Read(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            if (stream.Length > MaxBytes) throw new StyleFileException(path, 0, $"is {stream.Length} bytes; a style file is at most {MaxBytes}");
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (FileNotFoundException) { throw new StyleFileException(path, 0, "no such file"); }
        catch (DirectoryNotFoundException) { throw new StyleFileException(path, 0, "no such file"); }
        catch (UnauthorizedAccessException) { throw new StyleFileException(path, 0, "permission denied"); }
        catch (IOException e) { throw new StyleFileException(path, 0, $"could not be read: {e.Message}", e); }
        return Parse(bytes, path);
    }

    /// <summary>Parses a style file's bytes; <paramref name="path"/> only names the file in errors.</summary>
    public static LearnedStyle Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length > MaxBytes) throw new StyleFileException(path, 0, $"is {bytes.Length} bytes; a style file is at most {MaxBytes}");
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new StyleFileException(path, 0, "is not UTF-8 text (not a style file?)");
        }
        return new Parser(path).Parse(text);
    }

    /// <summary>Writes <paramref name="style"/> atomically (a temporary file renamed into place).</summary>
    public static void Write(string path, LearnedStyle style, bool overwrite, string? comment = null)
    {
        string text = Format(style, comment);
        AtomicFile.Write(path, overwrite, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
    }

    public static string Format(LearnedStyle style, string? comment = null)
    {
        var sb = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        sb.Append(FormatLine).Append('\n');
        if (comment is not null)
            foreach (string line in comment.Split('\n')) sb.Append("# ").Append(Printable(line)).Append('\n');
        sb.Append("name ").Append(style.Name).Append('\n');
        sb.Append("model ").Append(style.Model).Append('\n');
        sb.Append("model-weights sha256=").Append(style.ModelFingerprint).Append('\n');
        sb.Append("painting sha256=").Append(style.Painting.Sha256).Append(' ').Append(style.Painting.FileName).Append('\n');
        sb.Append("steps ").Append(style.Steps.ToString(culture)).Append('\n');
        sb.Append(culture, $"losses style={style.Losses.Style:G6} content={style.Losses.Content:G6} tv={style.Losses.TotalVariation:G6}\n");
        foreach (var norm in style.Norms)
        {
            Row(sb, norm.Layer, "gamma", norm.Gamma);
            Row(sb, norm.Layer, "beta", norm.Beta);
        }
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string layer, string kind, float[] values)
    {
        sb.Append("norm ").Append(layer).Append(' ').Append(kind);
        foreach (float v in values) sb.Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture));
        sb.Append('\n');
    }

    private static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(char.IsControl(c) ? ' ' : c);
        return sb.ToString();
    }

    /// <summary>One file's parse: the facts seen so far, and the line being read for errors.</summary>
    private sealed class Parser(string path)
    {
        private int _line;
        private string? _name, _model, _fingerprint;
        private PaintingSource? _painting;
        private int? _steps;
        private StyleLosses? _losses;
        private readonly List<NormRow> _norms = [];
        private float[]? _pendingGamma;
        private string? _pendingLayer;

        public LearnedStyle Parse(string text)
        {
            string[] lines = text.Split('\n');
            bool sawFormat = false;
            for (int i = 0; i < lines.Length; i++)
            {
                _line = i + 1;
                string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
                if (line.Length == 0 || line[0] == '#') continue;
                if (!sawFormat)
                {
                    if (line != FormatLine) throw Fail(i == 0 && line.StartsWith("format ", StringComparison.Ordinal)
                        ? $"unsupported format '{Clip(line[7..])}' (this cin reads '{FormatLine}')"
                        : $"not a style file: the first line must be '{FormatLine}'");
                    sawFormat = true;
                    continue;
                }
                int space = line.IndexOf(' ');
                string key = space < 0 ? line : line[..space];
                string rest = space < 0 ? "" : line[(space + 1)..];
                switch (key)
                {
                    case "name": _name = Once(_name, key, ParseName(rest)); break;
                    case "model": _model = Once(_model, key, ParseModel(rest)); break;
                    case "model-weights": _fingerprint = Once(_fingerprint, key, ParseSha(rest, "model-weights")); break;
                    case "painting": _painting = Once(_painting, key, ParsePainting(rest)); break;
                    case "steps": _steps = Once(_steps, key, ParseSteps(rest)); break;
                    case "losses": _losses = Once(_losses, key, ParseLosses(rest)); break;
                    case "norm": ParseNorm(rest); break;
                    case "format": throw Fail("a second 'format' line");
                    default: throw Fail($"unknown line '{Clip(key)}' (expected name, model, model-weights, painting, steps, losses or norm)");
                }
            }
            _line = 0;
            if (!sawFormat) throw Fail($"is empty (a style file starts with '{FormatLine}')");
            if (_pendingLayer is not null) throw Fail($"layer '{_pendingLayer}' has a gamma line but no beta line");
            string Missing(string what) => $"has no '{what}' line";
            return new LearnedStyle(
                _name ?? throw Fail(Missing("name")),
                _model ?? throw Fail(Missing("model")),
                _fingerprint ?? throw Fail(Missing("model-weights")),
                _painting ?? throw Fail(Missing("painting")),
                _steps ?? throw Fail(Missing("steps")),
                _losses ?? throw Fail(Missing("losses")),
                _norms.Count > 0 ? _norms : throw Fail("has no 'norm' lines"));
        }

        private T Once<T>(T? existing, string key, T value)
        {
            if (existing is not null) throw Fail($"a second '{key}' line");
            return value;
        }

        private string ParseName(string rest) =>
            StyleNames.IsValid(rest) ? rest : throw Fail($"style name '{Clip(rest)}' is not kebab-case (lower-case letters and digits joined by '-', at most {StyleNames.MaxLength})");

        private string ParseModel(string rest) =>
            StyleNames.IsValid(rest) || IsIdentifier(rest) ? rest : throw Fail($"model name '{Clip(rest)}' is not a model name");

        private string ParseSha(string rest, string key)
        {
            if (!rest.StartsWith("sha256=", StringComparison.Ordinal) || !IsSha256(rest.AsSpan(7)))
                throw Fail($"'{key}' must be 'sha256=' and 64 hexadecimal digits");
            return rest[7..].ToLowerInvariant();
        }

        private PaintingSource ParsePainting(string rest)
        {
            int space = rest.IndexOf(' ');
            if (space < 0) throw Fail("'painting' must be 'sha256=<64 hex digits> <file name>'");
            string sha = ParseSha(rest[..space], "painting");
            string file = rest[(space + 1)..];
            if (file.Length is 0 or > MaxPaintingName || file.Any(c => char.IsControl(c) || c is '/' or '\\' || IsUnsafe(c)) || HasLoneSurrogate(file))
                throw Fail("the painting's file name is empty, too long, or holds a folder separator or control character");
            return new PaintingSource(file, sha);
        }

        private int ParseSteps(string rest) =>
            int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int steps) && steps >= 0
                ? steps : throw Fail($"steps '{Clip(rest)}' is not a whole number");

        private StyleLosses ParseLosses(string rest)
        {
            double? style = null, content = null, tv = null;
            foreach (string part in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = part.IndexOf('=');
                if (eq < 0 || !double.TryParse(part.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                    || !double.IsFinite(value) || value < 0)
                    throw Fail($"loss '{Clip(part)}' is not name=number (a finite number, 0 or more)");
                switch (part[..eq])
                {
                    case "style": style = Once(style, "style=", value); break;
                    case "content": content = Once(content, "content=", value); break;
                    case "tv": tv = Once(tv, "tv=", value); break;
                    default: throw Fail($"unknown loss '{Clip(part[..eq])}' (expected style, content, tv)");
                }
            }
            return new StyleLosses(style ?? throw Fail("'losses' has no style="), content ?? throw Fail("'losses' has no content="),
                tv ?? throw Fail("'losses' has no tv="));
        }

        private void ParseNorm(string rest)
        {
            string[] parts = rest.Split(' ');
            if (parts.Length < 3) throw Fail("'norm' must be 'norm <layer> gamma|beta <numbers>'");
            string layer = parts[0], kind = parts[1];
            if (layer.Length is 0 or > MaxLayerName || layer.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.')))
                throw Fail($"layer name '{Clip(layer)}' is not a layer name");
            if (kind is not ("gamma" or "beta")) throw Fail($"'{Clip(kind)}' must be gamma or beta");
            var values = new float[parts.Length - 2];
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.TryParse(parts[i + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v)
                    || Math.Abs(v) > MaxMagnitude)
                    throw Fail($"'{Clip(parts[i + 2])}' in layer '{layer}' {kind} is not a finite number of magnitude at most {MaxMagnitude}");
                values[i] = v;
            }
            switch (kind)
            {
                case "gamma":
                    if (_pendingLayer is not null) throw Fail($"layer '{_pendingLayer}' has a gamma line but no beta line");
                    if (_norms.Any(n => n.Layer == layer)) throw Fail($"layer '{layer}' appears twice");
                    _pendingLayer = layer;
                    _pendingGamma = values;
                    break;
                case "beta":
                    if (_pendingLayer != layer) throw Fail($"layer '{layer}' beta must follow its gamma line");
                    if (values.Length != _pendingGamma!.Length)
                        throw Fail($"layer '{layer}' has {_pendingGamma.Length} gamma values but {values.Length} beta values");
                    _norms.Add(new NormRow(layer, _pendingGamma, values));
                    _pendingLayer = null;
                    _pendingGamma = null;
                    break;
            }
        }

        private StyleFileException Fail(string problem) => new(path, _line, problem);

        private static bool IsSha256(ReadOnlySpan<char> text)
        {
            if (text.Length != 64) return false;
            foreach (char c in text) if (!char.IsAsciiHexDigit(c)) return false;
            return true;
        }

        private static bool IsIdentifier(string text) =>
            text.Length is > 0 and <= StyleNames.MaxLength && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

        /// <summary>Bidirectional overrides and line or paragraph separators would garble the line a front end prints.</summary>
        private static bool IsUnsafe(char c) =>
            c is '\u2028' or '\u2029' or '\u0085' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

        private static bool HasLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                else if (char.IsSurrogate(text[i])) return true;
            }
            return false;
        }

        /// <summary>A piece of the file quoted in a message: short, and with nothing that could act on a terminal.</summary>
        private static string Clip(string text)
        {
            var sb = new StringBuilder();
            foreach (char c in text.Length > 40 ? text[..40] : text) sb.Append(char.IsControl(c) || IsUnsafe(c) || char.IsSurrogate(c) ? '?' : c);
            if (text.Length > 40) sb.Append("...");
            return sb.ToString();
        }
    }
}
