using System.Linq;
using System.Text;

namespace Cin.Generators.Model;

internal static class Naming
{
    /// <summary><c>contract/conv1</c> becomes <c>ContractConv1</c>; a leading digit gets a <c>Model</c> prefix.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char ch in name)
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, "Model");
        return sb.ToString();
    }

    public static string Camel(string name)
    {
        string pascal = Pascal(name);
        return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>
    /// A layer's name in the generated code: <see cref="Pascal"/> of its words, less each word that the next one
    /// repeats (the same word, or it with a number), so a residual block's group does not stutter:
    /// <c>residual/residual1/conv1</c> becomes <c>Residual1Conv1</c>, <c>contract/conv1</c> stays <c>ContractConv1</c>.
    /// </summary>
    public static string Layer(string name)
    {
        var words = name.Split(new[] { '/', '_', '-' }, System.StringSplitOptions.RemoveEmptyEntries);
        var kept = words.Where((word, i) => i + 1 == words.Length || !Repeats(words[i + 1], word));
        return Pascal(string.Join("/", kept));
    }

    private static bool Repeats(string next, string word) =>
        next.StartsWith(word, System.StringComparison.Ordinal) && next.Skip(word.Length).All(char.IsDigit);

    /// <summary>A layer's field: <c>_residual1Conv1</c>.</summary>
    public static string LayerField(string name)
    {
        string pascal = Layer(name);
        return "_" + char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>
    /// Kebab-case as styles/README.md defines it, <c>[a-z0-9]+(-[a-z0-9]+)*</c>: model names, style names and model
    /// folder names.
    /// </summary>
    public static bool IsKebab(string name)
    {
        if (name.Length == 0 || name[0] == '-' || name[name.Length - 1] == '-' || name.Contains("--")) return false;
        foreach (char c in name)
            if (c != '-' && !IsLowerAlphanumeric(c)) return false;
        return true;
    }

    /// <summary>
    /// A layer name: <c>[a-z0-9/_-]+</c> with at least one letter or digit. The generated identifiers come from its
    /// letters and digits (<see cref="Pascal"/>); '/', '_' and '-' only separate words.
    /// </summary>
    public static bool IsLayerName(string name)
    {
        bool alphanumeric = false;
        foreach (char c in name)
        {
            if (IsLowerAlphanumeric(c)) alphanumeric = true;
            else if (c != '/' && c != '_' && c != '-') return false;
        }
        return alphanumeric;
    }

    private static bool IsLowerAlphanumeric(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
