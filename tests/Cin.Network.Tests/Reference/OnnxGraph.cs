using System.Runtime.InteropServices;

namespace Cin.Network.Tests.Reference;

/// <summary>
/// Builds an ONNX <c>ModelProto</c> by hand, with field numbers from onnx/onnx.proto (IR version 7, opset 13). Only
/// what these tests use: float inputs and outputs with symbolic dimensions, float and int64 initializers, and nodes
/// with int, ints, float and string attributes.
/// </summary>
internal sealed class OnnxGraph
{
    public const int IrVersion = 7;
    public const int Opset = 13;

    // TensorProto.DataType
    private const int FloatType = 1, Int64Type = 7;

    // AttributeProto.AttributeType
    private const int AttrFloat = 1, AttrInt = 2, AttrString = 3, AttrInts = 7;

    private readonly List<Action<ProtoWriter>> _nodes = new();
    private readonly List<Action<ProtoWriter>> _initializers = new();
    private readonly List<Action<ProtoWriter>> _inputs = new();
    private readonly List<Action<ProtoWriter>> _outputs = new();
    private readonly HashSet<string> _names = new();
    private int _counter;

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string Name(string prefix)
    {
        string name;
        do name = $"{prefix}_{_counter++}"; while (!_names.Add(name));
        return name;
    }

    /// <summary>A float tensor input; a dimension is a fixed size (int) or a symbolic name (string).</summary>
    public void Input(string name, params object[] dims) => _inputs.Add(w => ValueInfo(w, name, dims));

    public void Output(string name, params object[] dims) => _outputs.Add(w => ValueInfo(w, name, dims));

    public string Initializer(string prefix, float[] data, params long[] dims)
    {
        if (data.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{prefix}: {data.Length} values do not fill the shape [{string.Join(",", dims)}].");
        string name = Name(prefix);
        byte[] raw = MemoryMarshal.AsBytes(data.AsSpan()).ToArray(); // raw_data is little-endian, as this machine is
        _initializers.Add(w => Tensor(w, name, FloatType, dims, raw));
        return name;
    }

    public string Initializer(string prefix, long[] data)
    {
        string name = Name(prefix);
        byte[] raw = MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        _initializers.Add(w => Tensor(w, name, Int64Type, new long[] { data.Length }, raw));
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params (string Name, object Value)[] attributes)
    {
        string output = Name(opType.ToLowerInvariant());
        string nodeName = Name(opType + "_node");
        _nodes.Add(w =>
        {
            foreach (string input in inputs) w.String(1, input); // NodeProto.input (an empty name skips an optional input)
            w.String(2, output);                                  // NodeProto.output
            w.String(3, nodeName);                                // NodeProto.name
            w.String(4, opType);                                  // NodeProto.op_type
            foreach (var (name, value) in attributes) w.Message(5, a => Attribute(a, name, value));
        });
        return output;
    }

    /// <summary>Renames a value by passing it through Identity, so the graph output has a fixed name.</summary>
    public void Identity(string input, string output)
    {
        if (!_names.Add(output)) throw new ArgumentException($"'{output}' is already a value name.");
        _nodes.Add(w =>
        {
            w.String(1, input);
            w.String(2, output);
            w.String(3, output + "_identity");
            w.String(4, "Identity");
        });
    }

    public byte[] ToModelBytes(string graphName)
    {
        var model = new ProtoWriter();
        model.Int(1, IrVersion);                                       // ModelProto.ir_version
        model.String(2, "Cin.Network.Tests");                          // ModelProto.producer_name
        model.Message(8, o => o.String(1, "").Int(2, Opset));           // ModelProto.opset_import {domain, version}
        model.Message(7, g =>                                           // ModelProto.graph
        {
            foreach (var node in _nodes) g.Message(1, node);            // GraphProto.node
            g.String(2, graphName);                                     // GraphProto.name
            foreach (var init in _initializers) g.Message(5, init);     // GraphProto.initializer
            foreach (var input in _inputs) g.Message(11, input);        // GraphProto.input
            foreach (var output in _outputs) g.Message(12, output);     // GraphProto.output
        });
        return model.ToArray();
    }

    private static void Tensor(ProtoWriter w, string name, int dataType, long[] dims, byte[] raw)
    {
        foreach (long d in dims) w.Int(1, d); // TensorProto.dims
        w.Int(2, dataType);                   // TensorProto.data_type
        w.String(8, name);                    // TensorProto.name
        w.Bytes(9, raw);                      // TensorProto.raw_data
    }

    private static void ValueInfo(ProtoWriter w, string name, object[] dims)
    {
        w.String(1, name);                             // ValueInfoProto.name
        w.Message(2, type =>                           // ValueInfoProto.type (TypeProto)
            type.Message(1, tensor =>                  // TypeProto.tensor_type
            {
                tensor.Int(1, FloatType);              // TypeProto.Tensor.elem_type
                tensor.Message(2, shape =>             // TypeProto.Tensor.shape (TensorShapeProto)
                {
                    foreach (object dim in dims)
                        shape.Message(1, d =>          // TensorShapeProto.dim
                        {
                            if (dim is int size) d.Int(1, size);          // dim_value
                            else d.String(2, (string)dim);                 // dim_param
                        });
                });
            }));
    }

    private static void Attribute(ProtoWriter w, string name, object value)
    {
        w.String(1, name); // AttributeProto.name
        switch (value)
        {
            case float f: w.Float(2, f).Int(20, AttrFloat); break;         // f, type
            case int i: w.Int(3, i).Int(20, AttrInt); break;               // i, type
            case string s: w.String(4, s).Int(20, AttrString); break;      // s, type
            case int[] ints:                                               // ints, type
                foreach (int i in ints) w.Int(8, i);
                w.Int(20, AttrInts);
                break;
            default: throw new ArgumentException($"Unsupported attribute value {value.GetType()} for '{name}'.");
        }
    }
}
