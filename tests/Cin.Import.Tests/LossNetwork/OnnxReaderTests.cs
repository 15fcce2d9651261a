using Cin.Import.Onnx;
using Cin.Import.ResNet;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>The ONNX reader and the preprocessing reader on small hand-built files.</summary>
public sealed class OnnxReaderTests
{
    [Fact]
    public void Reads_nodes_attributes_and_both_tensor_encodings()
    {
        byte[] bytes = new OnnxBuilder(irVersion: 7, opset: 11)
            .Input("x")
            .Initializer("raw", [2, 1], [1.5f, -2f])
            .Initializer("listed", [3], [0.25f, 0.5f, 0.75f], asFloatData: true)
            .Node("MaxPool", ["x"], "y", OnnxBuilder.Ints("kernel_shape", 3, 3), OnnxBuilder.Ints("pads", 1, 1, 0, 0))
            .Node("BatchNormalization", ["y", "raw"], "z", OnnxBuilder.Float("epsilon", 1e-3f))
            .Build();

        OnnxModel model = OnnxReader.Read(bytes);

        Assert.Equal(7, model.IrVersion);
        Assert.Equal(11, model.OpsetVersions[""]);
        OnnxGraph graph = model.Graph;
        Assert.Equal(["x"], graph.DataInputs.Select(i => i.Name));
        Assert.Equal([1.5f, -2f], graph.Initializers["raw"].ToFloats());
        Assert.Equal([0.25f, 0.5f, 0.75f], graph.Initializers["listed"].ToFloats());
        Assert.Equal([2L, 1L], graph.Initializers["raw"].Dims);
        OnnxNode pool = Assert.Single(graph.Consumers("x"));
        Assert.Equal([1L, 1L, 0L, 0L], pool.RequireInts("pads"));
        Assert.Same(pool, graph.Producer("y"));
        Assert.Equal(1e-3f, graph.Producer("z")!.FloatOr("epsilon", 0));
    }

    [Fact]
    public void Unpacked_ints_read_like_packed_ones()
    {
        // Protobuf lets a writer send a repeated int64 one field at a time; a reader must accept both.
        byte[] bytes = new ProtoWriter()
            .Varint(1, 3)
            .Message(7, g => g.Message(1, n => n.String(1, "x").String(2, "y").String(4, "MaxPool")
                .Message(5, a => a.String(1, "strides").Varint(8, 2).Varint(8, 2))))
            .ToArray();
        Assert.Equal([2L, 2L], OnnxReader.Read(bytes).Graph.Nodes[0].RequireInts("strides"));
    }

    [Fact]
    public void Float_data_of_the_wrong_length_is_an_error()
    {
        byte[] bytes = new OnnxBuilder().Initializer("t", [4], [1f, 2f, 3f], asFloatData: true).Build();
        var e = Assert.Throws<ModelImportException>(() => OnnxReader.Read(bytes).Graph.Initializers["t"].ToFloats());
        Assert.Equal("tensor 't' has 3 values in float_data for shape [4], expected 4", e.Message);
    }

    [Fact]
    public void External_data_is_refused_rather_than_read_as_empty()
    {
        byte[] bytes = new ProtoWriter().Varint(1, 7)
            .Message(7, g => g.Message(5, t => t.PackedVarints(1, [2]).Varint(2, 1).String(8, "w").Varint(14, 1)))
            .ToArray();
        var e = Assert.Throws<ModelImportException>(() => OnnxReader.Read(bytes).Graph.Initializers["w"].ToFloats());
        Assert.Equal("tensor 'w' keeps its data in an external file, which is not supported", e.Message);
    }

    [Fact]
    public void A_model_without_ir_version_is_not_onnx()
    {
        byte[] bytes = new ProtoWriter().Message(7, g => g.String(2, "g")).ToArray();
        var e = Assert.Throws<ModelImportException>(() => OnnxReader.Read(bytes));
        Assert.Equal("not an ONNX model (no ir_version in the ModelProto)", e.Message);
    }

    [Fact]
    public void Preprocessing_reads_channel_means_and_refuses_rgb_order()
    {
        OnnxBuilder Preprocess(string[] concatOrder) => new OnnxBuilder()
            .Input("rgb")
            .Initializer("mean", [1, 3, 1, 2], [10f, 20f, 1f, 2f, 100f, 300f])
            .Node("Split", ["rgb"], ["r", "g", "b"], OnnxBuilder.Int("axis", 1))
            .Node("Concat", concatOrder, "bgr", OnnxBuilder.Int("axis", 1))
            .Node("Sub", ["bgr", "mean"], "out");

        byte[] good = Preprocess(["b", "g", "r"]).Build();
        var input = ResNetImporter.ReadInput(good);
        Assert.Equal([15f, 1.5f, 200f], input.Mean);

        byte[] rgb = Preprocess(["r", "g", "b"]).Build();
        var e = Assert.Throws<ModelImportException>(() => ResNetImporter.ReadInput(rgb));
        Assert.Contains("does not reverse the channel order (RGB to BGR)", e.Message);
    }
}
