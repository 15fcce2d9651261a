namespace Cin.Import.Features;

/// <summary>Everything that goes into a cin-features model folder, independent of how it is written.</summary>
internal sealed record FeatureNetwork(
    string Name,
    string Title,
    string Licence,
    string Source,
    IReadOnlyList<string> Comments,
    FeatureInput Input,
    IReadOnlyList<FeatureStatement> Statements)
{
    public IEnumerable<FeatureConv> Convs => Statements.SelectMany(s => s.Convs);

    /// <summary>Kernels and biases together: the number of values in weights.bin.</summary>
    public int ValueCount => Convs.Sum(c => c.ValueCount);

    public IEnumerable<TapStatement> Taps => Statements.OfType<TapStatement>();
}
