using System.Globalization;
using System.Text;

namespace Cin.Generators.Emit;

internal static class Literals
{
    /// <summary>The shortest text that reads back as the same float, as a C# float literal.</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>
    /// A C# string literal of any text: quotes and backslashes escaped, and control characters, the characters C# takes
    /// as line breaks (U+0085, U+2028, U+2029) and unpaired surrogates written as \u escapes.
    /// </summary>
    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || IsLineBreak(c) || IsUnpairedSurrogate(value, i))
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The characters besides CR and LF that end a line in C# source: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.</summary>
    public static bool IsLineBreak(char c) => c == '\u0085' || c == '\u2028' || c == '\u2029';

    private static bool IsUnpairedSurrogate(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])
        : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
