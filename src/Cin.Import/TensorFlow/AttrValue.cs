namespace Cin.Import.TensorFlow;

/// <summary>One entry of a NodeDef's attr map; only the members of the AttrValue oneof that the importer reads.</summary>
internal sealed class AttrValue
{
    public string? String { get; init; }
    public long? Int { get; init; }
    public bool? Bool { get; init; }
    public int? Type { get; init; }
    public IReadOnlyList<long>? IntList { get; init; }
    public TensorValue? Tensor { get; init; }
}
