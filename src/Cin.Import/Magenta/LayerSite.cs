using System.Globalization;
using System.Text.RegularExpressions;

namespace Cin.Import.Magenta;

internal enum Section
{
    Contract,
    Residual,
    Expand,
}

/// <summary>
/// Where a conv sits in the Magenta transformer, read off its TensorFlow name scope, and the name it gets in
/// model.txt. The scopes come from Magenta's model.py: <c>transformer/contract/convN</c>,
/// <c>transformer/residual/residualN/conv1|conv2</c>, and <c>transformer/expand/convN/conv</c> (the upsampling
/// helper opens its own scope around the conv, which the cin name leaves out).
/// </summary>
internal sealed partial record LayerSite(string Scope, string Name, Section Section, int Number, int ResidualConv)
{
    private const string Root = "transformer/";

    [GeneratedRegex(@"^contract/conv([1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ContractPattern();

    [GeneratedRegex(@"^residual/residual([1-9][0-9]*)/conv([12])$", RegexOptions.CultureInvariant)]
    private static partial Regex ResidualPattern();

    [GeneratedRegex(@"^expand/conv([1-9][0-9]*)(/conv)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpandPattern();

    public static LayerSite FromScope(string scope)
    {
        string relative = scope.StartsWith(Root, StringComparison.Ordinal) ? scope[Root.Length..] : "";
        Match match;
        if ((match = ContractPattern().Match(relative)).Success)
            return new LayerSite(scope, $"contract/conv{match.Groups[1].Value}", Section.Contract, ParseNumber(match, 1), 0);
        if ((match = ResidualPattern().Match(relative)).Success)
        {
            return new LayerSite(scope, $"residual/residual{match.Groups[1].Value}/conv{match.Groups[2].Value}",
                Section.Residual, ParseNumber(match, 1), ParseNumber(match, 2));
        }
        if ((match = ExpandPattern().Match(relative)).Success)
            return new LayerSite(scope, $"expand/conv{match.Groups[1].Value}", Section.Expand, ParseNumber(match, 1), 0);
        throw new ModelImportException(
            $"not a Magenta transformer: conv scope '{scope}' is none of transformer/contract/convN, transformer/residual/residualN/conv1|2, transformer/expand/convN");
    }

    /// <summary>The residual block's name in model.txt (<c>residual/residualN</c>).</summary>
    public string BlockName => Section == Section.Residual ? $"residual/residual{Number}" : Name;

    private static int ParseNumber(Match match, int group)
    {
        if (!int.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw new ModelImportException($"layer number in '{match.Value}' is too large");
        return value;
    }
}
