namespace Cin.Import.Onnx;

/// <summary>An AttributeProto: one of a float, an int, a string, a tensor, or a list of floats or ints.</summary>
internal sealed class OnnxAttribute
{
    public required string Name { get; init; }
    public float? Float { get; init; }
    public long? Int { get; init; }
    public string? String { get; init; }
    public OnnxTensor? Tensor { get; init; }
    public IReadOnlyList<float> Floats { get; init; } = [];
    public IReadOnlyList<long> Ints { get; init; } = [];
}
