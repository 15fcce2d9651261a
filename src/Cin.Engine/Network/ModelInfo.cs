namespace Cin.Engine.Network;

/// <summary>What a compiled model is and the input sizes its layers accept.</summary>
/// <param name="SizeMultiple">The product of the strides: height and width must be multiples of it.</param>
/// <param name="MinimumSize">The smallest height and width for which every reflect pad stays inside its map.</param>
public sealed record ModelInfo(
    string Name,
    string Title,
    string Licence,
    string Source,
    int SizeMultiple,
    int MinimumSize,
    IReadOnlyList<StyleInfo> Styles)
{
    public StyleInfo? Find(string nameOrAlias)
    {
        foreach (var style in Styles)
        {
            if (string.Equals(style.Name, nameOrAlias, StringComparison.OrdinalIgnoreCase)) return style;
            foreach (var alias in style.Aliases)
                if (string.Equals(alias, nameOrAlias, StringComparison.OrdinalIgnoreCase)) return style;
        }
        return null;
    }
}
