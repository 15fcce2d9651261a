namespace Cin.Import.TensorFlow;

/// <summary>The nodes of a GraphDef, in file order and by name.</summary>
internal sealed class GraphDef
{
    private readonly Dictionary<string, NodeDef> _byName;

    public GraphDef(IReadOnlyList<NodeDef> nodes)
    {
        Nodes = nodes;
        _byName = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (NodeDef node in nodes)
        {
            if (!_byName.TryAdd(node.Name, node))
                throw new ModelImportException($"the graph has two nodes named '{node.Name}'");
        }
    }

    public IReadOnlyList<NodeDef> Nodes { get; }

    public NodeDef? Find(string name) => _byName.TryGetValue(name, out NodeDef? node) ? node : null;

    public NodeDef Require(string name, string why) =>
        Find(name) ?? throw new ModelImportException($"node '{name}' ({why}) is missing from the graph");

    /// <summary>
    /// The node producing input <paramref name="index"/> of <paramref name="node"/>. Input strings are
    /// "name", "name:output" or "^name" (a control dependency); all name the producing node.
    /// </summary>
    public NodeDef Input(NodeDef node, int index)
    {
        if (index >= node.Inputs.Count)
            throw new ModelImportException($"node '{node.Name}' ({node.Op}) has {node.Inputs.Count} inputs, expected at least {index + 1}");
        string input = node.Inputs[index].TrimStart('^');
        int colon = input.LastIndexOf(':');
        string name = colon >= 0 ? input[..colon] : input;
        return Find(name)
            ?? throw new ModelImportException($"node '{node.Name}' reads '{node.Inputs[index]}', which is not in the graph");
    }
}
