using Cin.Import.Onnx;
using Cin.Import.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// ONNX Runtime on a copy of the original model bytes, edited so that it answers for intermediate values: the
/// image input gets the test's height and width (the file fixes 224x224), value_info is dropped (its shapes are for
/// 224x224), the graph's outputs become the requested values, and only the nodes and initializers they need are kept (the
/// average pool at the end cannot run on a small image). Every other field is copied as it was.
/// </summary>
internal static class OnnxTaps
{
    public static Dictionary<string, Chw> Run(byte[] model, Chw input, IReadOnlyList<string> values)
    {
        byte[] edited = Edit(model, input.Height, input.Width, values, out string inputName);
        using var session = new InferenceSession(edited);
        var tensor = new DenseTensor<float>(input.Data, [1, input.Channels, input.Height, input.Width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)], values);
        var outputs = new Dictionary<string, Chw>();
        foreach (DisposableNamedOnnxValue result in results)
        {
            var t = result.AsTensor<float>();
            var dims = t.Dimensions.ToArray();
            Assert.Equal(4, dims.Length);
            outputs[result.Name] = new Chw(dims[1], dims[2], dims[3], t.ToArray());
        }
        return outputs;
    }

    private static byte[] Edit(byte[] model, int height, int width, IReadOnlyList<string> values, out string inputName)
    {
        OnnxGraph graph = OnnxReader.Read(model).Graph;
        inputName = Assert.Single(graph.DataInputs).Name;
        bool[] keep = NeededNodes(graph, values, out HashSet<string> needed);

        var edited = new ProtoWriter();
        var reader = ProtoReader.ForFile(model);
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number == 7) edited.Bytes(7, EditGraph(field, inputName, height, width, values, keep, needed));
            else Copy(edited, field);
        }
        return edited.ToArray();
    }

    private static byte[] EditGraph(ProtoField graphField, string inputName, int height, int width, IReadOnlyList<string> values,
        bool[] keep, HashSet<string> needed)
    {
        var graph = new ProtoWriter();
        var reader = graphField.Nested();
        int node = 0;
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: // node
                    if (keep[node++]) Copy(graph, field);
                    break;
                case 11 when NameField(field, 1) == inputName: // input: free of the file's 224x224
                    graph.Message(11, v => v.String(1, inputName).Message(2, t => t.Message(1, tt => tt
                        .Varint(1, 1)
                        .Message(2, s => s
                            .Message(1, d => d.Varint(1, 1)).Message(1, d => d.Varint(1, 3))
                            .Message(1, d => d.Varint(1, (ulong)height)).Message(1, d => d.Varint(1, (ulong)width))))));
                    break;
                case 5 or 11 when !needed.Contains(NameField(field, field.Number == 5 ? 8 : 1)):
                    break; // an initializer (and its IR-3 input entry) that only the cut-off nodes read
                case 12 or 13: // outputs and value_info: replaced below, dropped
                    break;
                default:
                    Copy(graph, field);
                    break;
            }
        }
        foreach (string value in values)
            graph.Message(12, v => v.String(1, value).Message(2, t => t.Message(1, tt => tt.Varint(1, 1))));
        return graph.ToArray();
    }

    private static bool[] NeededNodes(OnnxGraph graph, IReadOnlyList<string> values, out HashSet<string> needed)
    {
        needed = new HashSet<string>(values, StringComparer.Ordinal);
        var keep = new bool[graph.Nodes.Count];
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            if (!graph.Nodes[i].Outputs.Any(needed.Contains)) continue;
            keep[i] = true;
            needed.UnionWith(graph.Nodes[i].Inputs);
        }
        return keep;
    }

    /// <summary>The name of a ValueInfoProto (field 1) or TensorProto (field 8).</summary>
    private static string NameField(ProtoField field, int number)
    {
        var reader = field.Nested();
        while (reader.TryRead(out ProtoField f))
        {
            if (f.Number == number) return f.AsString("name");
        }
        return "";
    }

    private static void Copy(ProtoWriter writer, ProtoField field)
    {
        switch (field.WireType)
        {
            case WireType.Varint: writer.Varint(field.Number, field.Scalar); break;
            case WireType.LengthDelimited: writer.Bytes(field.Number, field.Payload.Span); break;
            default: throw new InvalidDataException($"field {field.Number} has wire type {field.WireType}, not expected in ModelProto or GraphProto");
        }
    }
}
