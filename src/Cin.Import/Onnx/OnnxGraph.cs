namespace Cin.Import.Onnx;

/// <summary>
/// A GraphProto: nodes in file order (ONNX requires a topological order), initializers by name, and the graph's
/// inputs and outputs; <see cref="Producer"/> and <see cref="Consumers"/> walk it by value name.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, OnnxNode> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OnnxNode>> _consumers = new(StringComparer.Ordinal);

    public OnnxGraph(string name, IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxTensor> initializers,
        IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs)
    {
        Name = name;
        Nodes = nodes;
        Inputs = inputs;
        Outputs = outputs;
        var byName = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (OnnxTensor tensor in initializers)
        {
            if (!byName.TryAdd(tensor.Name, tensor))
                throw new ModelImportException($"the graph has two initializers named '{tensor.Name}'");
        }
        Initializers = byName;
        foreach (OnnxNode node in nodes)
        {
            foreach (string output in node.Outputs)
            {
                if (output.Length == 0) continue; // an omitted optional output
                if (!_producers.TryAdd(output, node))
                    throw new ModelImportException($"the graph has two nodes writing '{output}'");
            }
            foreach (string input in node.Inputs)
            {
                if (input.Length == 0) continue; // an omitted optional input
                if (!_consumers.TryGetValue(input, out List<OnnxNode>? list)) _consumers[input] = list = [];
                list.Add(node);
            }
        }
    }

    public string Name { get; }
    public IReadOnlyList<OnnxNode> Nodes { get; }
    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>Graph inputs that are not initializers: what a caller feeds (older IR versions list both).</summary>
    public IEnumerable<OnnxValueInfo> DataInputs => Inputs.Where(i => !Initializers.ContainsKey(i.Name));

    public OnnxNode? Producer(string value) => _producers.GetValueOrDefault(value);

    public IReadOnlyList<OnnxNode> Consumers(string value) =>
        _consumers.TryGetValue(value, out List<OnnxNode>? list) ? list : [];

    public OnnxTensor RequireInitializer(string name, OnnxNode reader) =>
        Initializers.TryGetValue(name, out OnnxTensor? tensor)
            ? tensor
            : throw new ModelImportException($"{reader.Label} reads '{name}', which is not a constant (initializer) of the graph");
}
