namespace Cin.Import.Model;

/// <summary>Everything that goes into a styles/&lt;name&gt;/ folder, independent of how it is written.</summary>
internal sealed record ImportedModel(
    string Name,
    string Title,
    string Licence,
    string Source,
    IReadOnlyList<string> Comments,
    IReadOnlyList<StyleInfo> Styles,
    IReadOnlyList<LayerBlock> Blocks)
{
    public IEnumerable<ConvLayer> Convs => Blocks.SelectMany(block => block.Convs);

    public int WeightCount => Convs.Sum(conv => conv.Weights.Length);
}
