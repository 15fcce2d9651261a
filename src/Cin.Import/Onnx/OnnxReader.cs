using Cin.Import.Protobuf;

namespace Cin.Import.Onnx;

/// <summary>
/// Decodes a serialized ONNX ModelProto (onnx.proto) on top of the schema-less <see cref="ProtoReader"/>, keeping
/// only what a convolutional feature network needs. Field numbers are ONNX's:
/// ModelProto ir_version = 1, producer_name = 2, producer_version = 3, graph = 7, opset_import = 8
/// (an OperatorSetIdProto: domain = 1, version = 2);
/// GraphProto node = 1, name = 2, initializer = 5, input = 11, output = 12;
/// NodeProto input = 1, output = 2, name = 3, op_type = 4, attribute = 5;
/// AttributeProto name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7, ints = 8;
/// TensorProto dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9, data_location = 14;
/// ValueInfoProto name = 1, type = 2; TypeProto tensor_type = 1; TypeProto.Tensor elem_type = 1, shape = 2;
/// TensorShapeProto dim = 1; a dimension has dim_value = 1 or dim_param = 2.
/// Unknown fields (doc strings, metadata, value_info, subgraphs) are skipped, as protobuf requires.
/// </summary>
internal static class OnnxReader
{
    public static OnnxModel Read(ReadOnlyMemory<byte> file)
    {
        // An empty file parses as an empty ModelProto; saying "empty" is clearer than "no graph".
        if (file.IsEmpty) throw new ModelImportException("the file is empty (0 bytes)");

        long? irVersion = null;
        string producer = "", producerVersion = "";
        OnnxGraph? graph = null;
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = ProtoReader.ForFile(file);
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: irVersion = field.AsInt64("ModelProto.ir_version"); break;
                case 2: producer = field.AsString("ModelProto.producer_name"); break;
                case 3: producerVersion = field.AsString("ModelProto.producer_version"); break;
                case 7: graph = ReadGraph(field.Expect(WireType.LengthDelimited, "ModelProto.graph")); break;
                case 8:
                    var (domain, version) = ReadOpset(field.Expect(WireType.LengthDelimited, "ModelProto.opset_import"));
                    opsets[domain] = version;
                    break;
            }
        }
        if (irVersion is null || graph is null)
            throw new ModelImportException($"not an ONNX model (no {(irVersion is null ? "ir_version" : "graph")} in the ModelProto)");
        return new OnnxModel(irVersion.Value, producer, producerVersion, opsets, graph);
    }

    private static (string Domain, long Version) ReadOpset(ProtoField message)
    {
        string domain = "";
        long version = 0;
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number == 1) domain = field.AsString("OperatorSetIdProto.domain");
            else if (field.Number == 2) version = field.AsInt64("OperatorSetIdProto.version");
        }
        return (domain, version);
    }

    private static OnnxGraph ReadGraph(ProtoField message)
    {
        string name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: nodes.Add(ReadNode(field.Expect(WireType.LengthDelimited, "GraphProto.node"))); break;
                case 2: name = field.AsString("GraphProto.name"); break;
                case 5: initializers.Add(ReadTensor(field.Expect(WireType.LengthDelimited, "GraphProto.initializer"))); break;
                case 11: inputs.Add(ReadValueInfo(field.Expect(WireType.LengthDelimited, "GraphProto.input"))); break;
                case 12: outputs.Add(ReadValueInfo(field.Expect(WireType.LengthDelimited, "GraphProto.output"))); break;
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(ProtoField message)
    {
        string name = "", opType = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: inputs.Add(field.AsString("NodeProto.input")); break;
                case 2: outputs.Add(field.AsString("NodeProto.output")); break;
                case 3: name = field.AsString("NodeProto.name"); break;
                case 4: opType = field.AsString("NodeProto.op_type"); break;
                case 5:
                    OnnxAttribute attribute = ReadAttribute(field.Expect(WireType.LengthDelimited, "NodeProto.attribute"));
                    attributes[attribute.Name] = attribute;
                    break;
            }
        }
        if (opType.Length == 0)
            throw new ModelImportException($"invalid ONNX at byte {message.Offset} (a node has no op_type)");
        return new OnnxNode { Name = name, OpType = opType, Inputs = inputs, Outputs = outputs, Attributes = attributes };
    }

    private static OnnxAttribute ReadAttribute(ProtoField message)
    {
        string name = "";
        float? f = null;
        long? i = null;
        string? s = null;
        OnnxTensor? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: name = field.AsString("AttributeProto.name"); break;
                case 2: f = field.AsFloat("AttributeProto.f"); break;
                case 3: i = field.AsInt64("AttributeProto.i"); break;
                case 4: s = field.AsString("AttributeProto.s"); break;
                case 5: t = ReadTensor(field.Expect(WireType.LengthDelimited, "AttributeProto.t")); break;
                case 7: field.AppendFloats(floats, "AttributeProto.floats"); break;
                case 8: field.AppendVarints(ints, "AttributeProto.ints"); break;
            }
        }
        return new OnnxAttribute { Name = name, Float = f, Int = i, String = s, Tensor = t, Floats = floats, Ints = ints };
    }

    internal static OnnxTensor ReadTensor(ProtoField message)
    {
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        var floats = new List<float>();
        ReadOnlyMemory<byte> raw = default;
        bool hasRaw = false, external = false;
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: field.AppendVarints(dims, "TensorProto.dims"); break;
                case 2: dataType = field.AsInt32("TensorProto.data_type"); break;
                case 4: field.AppendFloats(floats, "TensorProto.float_data"); break;
                case 8: name = field.AsString("TensorProto.name"); break;
                case 9:
                    raw = field.Expect(WireType.LengthDelimited, "TensorProto.raw_data").Payload;
                    hasRaw = true;
                    break;
                case 14: external = field.AsInt32("TensorProto.data_location") == 1; break;
            }
        }
        return new OnnxTensor
        {
            Name = name, DataType = dataType, Dims = [.. dims], RawData = raw, HasRawData = hasRaw, FloatData = floats,
            IsExternal = external,
        };
    }

    private static OnnxValueInfo ReadValueInfo(ProtoField message)
    {
        string name = "";
        int elementType = 0;
        var dims = new List<long?>();
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number == 1)
            {
                name = field.AsString("ValueInfoProto.name");
            }
            else if (field.Number == 2)
            {
                var type = field.Expect(WireType.LengthDelimited, "ValueInfoProto.type").Nested();
                while (type.TryRead(out ProtoField typeField))
                {
                    if (typeField.Number != 1) continue; // only tensor types
                    var tensor = typeField.Expect(WireType.LengthDelimited, "TypeProto.tensor_type").Nested();
                    while (tensor.TryRead(out ProtoField tensorField))
                    {
                        if (tensorField.Number == 1) elementType = tensorField.AsInt32("TypeProto.Tensor.elem_type");
                        else if (tensorField.Number == 2) ReadShape(tensorField.Expect(WireType.LengthDelimited, "TypeProto.Tensor.shape"), dims);
                    }
                }
            }
        }
        return new OnnxValueInfo(name, elementType, dims);
    }

    private static void ReadShape(ProtoField message, List<long?> dims)
    {
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number != 1) continue;
            long? value = null;
            var dim = field.Expect(WireType.LengthDelimited, "TensorShapeProto.dim").Nested();
            while (dim.TryRead(out ProtoField dimField))
            {
                if (dimField.Number == 1) value = dimField.AsInt64("TensorShapeProto.Dimension.dim_value");
            }
            dims.Add(value);
        }
    }
}
