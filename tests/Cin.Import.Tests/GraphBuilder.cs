namespace Cin.Import.Tests;

/// <summary>
/// Builds a serialized TensorFlow GraphDef node by node (GraphDef.node = 1; NodeDef name = 1, op = 2, input = 3,
/// attr = 5; AttrValue list = 1, s = 2, b = 5, tensor = 8; TensorProto dtype = 1, tensor_shape = 2,
/// tensor_content = 4, float_val = 5, int_val = 7).
/// </summary>
internal sealed class GraphBuilder
{
    public const int Float = 1, Int32 = 3, QUInt8 = 12;

    private readonly ProtoWriter _graph = new();

    /// <summary>Nodes named here are silently left out, to build a graph with one piece missing.</summary>
    public ISet<string> Omit { get; } = new HashSet<string>();

    public GraphBuilder Node(string name, string op, string[]? inputs = null, params (string Key, Action<ProtoWriter> Value)[] attrs)
    {
        if (Omit.Contains(name)) return this;
        _graph.Message(1, node =>
        {
            node.String(1, name).String(2, op);
            foreach (string input in inputs ?? []) node.String(3, input);
            foreach (var (key, value) in attrs) node.Message(5, entry => entry.String(1, key).Message(2, value));
        });
        return this;
    }

    public GraphBuilder FloatConst(string name, long[] shape, float[] values, bool asContent = true) =>
        Node(name, "Const", null, ("dtype", Type(Float)), ("value", Tensor(Float, shape, t =>
        {
            if (asContent)
            {
                var bytes = new byte[values.Length * 4];
                Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
                t.Bytes(4, bytes);
            }
            else
            {
                t.PackedFloats(5, values);
            }
        })));

    public GraphBuilder Int32Const(string name, long[] shape, int[] values) =>
        Node(name, "Const", null, ("dtype", Type(Int32)), ("value", Tensor(Int32, shape, t => t.PackedVarints(7, values.Select(v => (long)v)))));

    public GraphBuilder QUInt8Const(string name, long[] shape, byte[] values) =>
        Node(name, "Const", null, ("dtype", Type(QUInt8)), ("value", Tensor(QUInt8, shape, t => t.Bytes(4, values))));

    public byte[] ToArray() => _graph.ToArray();

    public static Action<ProtoWriter> Str(string value) => a => a.String(2, value);

    public static Action<ProtoWriter> Bool(bool value) => a => a.Varint(5, value ? 1UL : 0UL);

    public static Action<ProtoWriter> Type(int dtype) => a => a.Varint(6, (ulong)dtype);

    public static Action<ProtoWriter> Ints(params long[] values) => a => a.Message(1, list => list.PackedVarints(3, values));

    public static Action<ProtoWriter> Tensor(int dtype, long[] shape, Action<ProtoWriter> values) => a => a.Message(8, t =>
    {
        t.Varint(1, (ulong)dtype);
        t.Message(2, s =>
        {
            foreach (long dim in shape) s.Message(2, d => d.Varint(1, (ulong)dim));
        });
        values(t);
    });
}
