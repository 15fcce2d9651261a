namespace Cin.Import.Onnx;

/// <summary>A NodeProto: an operator applied to named values, producing named values.</summary>
internal sealed class OnnxNode
{
    public required string Name { get; init; }
    public required string OpType { get; init; }
    public required IReadOnlyList<string> Inputs { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }
    public required IReadOnlyDictionary<string, OnnxAttribute> Attributes { get; init; }

    /// <summary>How errors name the node: its name where the exporter gave one, else its first output.</summary>
    public string Label => Name.Length > 0 ? $"{OpType} '{Name}'" : $"{OpType} -> '{(Outputs.Count > 0 ? Outputs[0] : "?")}'";

    public IReadOnlyList<long> RequireInts(string name) =>
        Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Ints.Count > 0
            ? a.Ints
            : throw new ModelImportException($"{Label} has no '{name}' attribute");

    /// <summary>An optional list attribute, or the default ONNX gives it when absent.</summary>
    public IReadOnlyList<long> IntsOr(string name, IReadOnlyList<long> fallback) =>
        Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Ints.Count > 0 ? a.Ints : fallback;

    public long IntOr(string name, long fallback) =>
        Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Int is long value ? value : fallback;

    public float FloatOr(string name, float fallback) =>
        Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Float is float value ? value : fallback;

    public string? StringOrNull(string name) =>
        Attributes.TryGetValue(name, out OnnxAttribute? a) ? a.String : null;
}
