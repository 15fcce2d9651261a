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
    /// <summary>
    /// The SHA-256 of the model's weights.bin (its convolutions): a learned style's row fits only these weights, so a
    /// style file records it and is refused by a model whose weights differ. Empty for hand-made test models.
    /// </summary>
    public string WeightsSha256 { get; init; } = "";

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
