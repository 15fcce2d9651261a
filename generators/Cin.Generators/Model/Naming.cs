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
}
