using System.Globalization;
using System.Text;

namespace Cin.Generators.Emit;

internal static class Literals
{
    /// <summary>The shortest text that reads back as the same float, as a C# float literal.</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
