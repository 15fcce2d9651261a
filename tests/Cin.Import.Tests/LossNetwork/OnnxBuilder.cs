using System.Buffers.Binary;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// Writes small ONNX models for the bad-input tests, with the tests' own <see cref="ProtoWriter"/> and the field
/// numbers of onnx.proto, so that a file the importer must reject can be made without the real package.
/// </summary>
internal sealed class OnnxBuilder
{
    private readonly List<Action<ProtoWriter>> _graph = [];
    private readonly long _irVersion;
    private readonly long _opset;

    /// <param name="irVersion">3 is what CNTK wrote; from 4 on, initializers need not be listed as inputs.</param>
    public OnnxBuilder(long irVersion = 3, long opset = 8)
    {
        _irVersion = irVersion;
        _opset = opset;
    }

    public OnnxBuilder Input(string name) { _graph.Add(g => g.Message(11, v => v.String(1, name))); return this; }

    /// <summary>An attribute of type INTS (AttributeProto ints = 8, type = 7), written packed.</summary>
    public static Action<ProtoWriter> Ints(string name, params long[] values) =>
        a => a.String(1, name).PackedVarints(8, values).Varint(20, 7);

    /// <summary>An attribute of type INT (AttributeProto i = 3, type = 2).</summary>
    public static Action<ProtoWriter> Int(string name, long value) =>
        a => a.String(1, name).Varint(3, unchecked((ulong)value)).Varint(20, 2);

    /// <summary>An attribute of type FLOAT (AttributeProto f = 2, type = 1).</summary>
    public static Action<ProtoWriter> Float(string name, float value) =>
        a => a.String(1, name).Fixed32(2, value).Varint(20, 1);

    public OnnxBuilder Node(string op, string[] inputs, string output, params Action<ProtoWriter>[] attributes) =>
        Node(op, inputs, [output], attributes);

    public OnnxBuilder Node(string op, string[] inputs, string[] outputs, params Action<ProtoWriter>[] attributes)
    {
        _graph.Add(g => g.Message(1, n =>
        {
            foreach (string i in inputs) n.String(1, i);
            foreach (string o in outputs) n.String(2, o);
            n.String(3, outputs[0] + "_node").String(4, op);
            foreach (Action<ProtoWriter> attribute in attributes) n.Message(5, attribute);
        }));
        return this;
    }

    /// <summary>
    /// A float32 initializer in raw_data, or in float_data where <paramref name="asFloatData"/>; the values may be
    /// fewer than the shape needs, to make a bad one.
    /// </summary>
    public OnnxBuilder Initializer(string name, long[] dims, float[] values, bool asFloatData = false)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        _graph.Add(g => g.Message(5, t =>
        {
            t.PackedVarints(1, dims).Varint(2, 1).String(8, name);
            if (asFloatData) t.PackedFloats(4, values);
            else t.Bytes(9, raw);
        }));
        return this;
    }

    public byte[] Build() =>
        new ProtoWriter()
            .Varint(1, (ulong)_irVersion)
            .String(2, "cin-tests")
            .Message(7, g => { foreach (var part in _graph) part(g); })
            .Message(8, o => o.Varint(2, (ulong)_opset))
            .ToArray();

    /// <summary>A stem (1x1 conv, BatchNorm, Relu) and a max-pool and nothing after: a graph with no ResNet stages.</summary>
    public static OnnxBuilder StemOnly(int weightValues = 6) =>
        new OnnxBuilder()
            .Input("image")
            .Initializer("w", [2, 3, 1, 1], Enumerable.Repeat(0.5f, weightValues).ToArray())
            .Initializer("scale", [2], [1, 1]).Initializer("shift", [2], [0, 0])
            .Initializer("mean", [2], [0, 0]).Initializer("var", [2], [1, 1])
            .Node("Conv", ["image", "w"], "c", Ints("kernel_shape", 1, 1), Ints("strides", 2, 2))
            .Node("BatchNormalization", ["c", "scale", "shift", "mean", "var"], "b")
            .Node("Relu", ["b"], "r")
            .Node("MaxPool", ["r"], "p", Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 0, 0));
}
