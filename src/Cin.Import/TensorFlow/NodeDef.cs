namespace Cin.Import.TensorFlow;

/// <summary>One node of a GraphDef: an operation, the tensors it consumes and its attributes.</summary>
internal sealed class NodeDef
{
    public required string Name { get; init; }
    public required string Op { get; init; }
    public required IReadOnlyList<string> Inputs { get; init; }
    public required IReadOnlyDictionary<string, AttrValue> Attrs { get; init; }

    public AttrValue? Attr(string key) => Attrs.TryGetValue(key, out AttrValue? value) ? value : null;

    /// <summary>The value of a Const node; anything else here means the graph is not shaped as expected.</summary>
    public TensorValue ConstValue()
    {
        if (Op != "Const")
            throw new ModelImportException($"node '{Name}' is a {Op}, expected a Const");
        return Attr("value")?.Tensor
            ?? throw new ModelImportException($"Const node '{Name}' has no tensor value");
    }
}
