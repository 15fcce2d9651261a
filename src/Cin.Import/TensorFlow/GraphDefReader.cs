using Cin.Import.Protobuf;

namespace Cin.Import.TensorFlow;

/// <summary>
/// Decodes a serialized GraphDef (graph.proto, node_def.proto). Field numbers are TensorFlow's:
/// GraphDef.node = 1; NodeDef name = 1, op = 2, input = 3, attr = 5 (a map entry: key = 1, value = 2).
/// Unknown fields (versions, library, device, debug info) are skipped, as protobuf requires.
/// </summary>
internal static class GraphDefReader
{
    public static GraphDef Read(ReadOnlyMemory<byte> file)
    {
        var nodes = new List<NodeDef>();
        var reader = ProtoReader.ForFile(file);
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number == 1) nodes.Add(ReadNode(field.Expect(WireType.LengthDelimited, "GraphDef.node")));
        }
        return new GraphDef(nodes);
    }

    private static NodeDef ReadNode(ProtoField message)
    {
        string? name = null, op = null;
        var inputs = new List<string>();
        var attrs = new Dictionary<string, AttrValue>(StringComparer.Ordinal);
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: name = field.AsString("NodeDef.name"); break;
                case 2: op = field.AsString("NodeDef.op"); break;
                case 3: inputs.Add(field.AsString("NodeDef.input")); break;
                case 5:
                    var (key, value) = ReadAttrEntry(field.Expect(WireType.LengthDelimited, "NodeDef.attr"));
                    attrs[key] = value;
                    break;
            }
        }
        if (string.IsNullOrEmpty(name))
            throw new ModelImportException($"invalid GraphDef at byte {message.Offset} (a node has no name)");
        return new NodeDef { Name = name, Op = op ?? "", Inputs = inputs, Attrs = attrs };
    }

    private static (string Key, AttrValue Value) ReadAttrEntry(ProtoField entry)
    {
        string key = "";
        AttrValue value = new();
        var reader = entry.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number == 1) key = field.AsString("NodeDef.attr.key");
            else if (field.Number == 2) value = AttrValueReader.Read(field.Expect(WireType.LengthDelimited, "NodeDef.attr.value"));
        }
        return (key, value);
    }
}
