using Cin.Import.Magenta;

namespace Cin.Import.Tests;

/// <summary>
/// Inputs that are not a Magenta graph must fail with <see cref="ModelImportException"/> and a one-line message
/// that says what is wrong; never with an IndexOutOfRangeException or a half-made model.
/// </summary>
public sealed class BadInputTests
{
    private static ModelImportException Fails(byte[] bytes)
    {
        var e = Assert.Throws<ModelImportException>(() => MagentaImporter.Import(bytes));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void An_empty_file_is_reported_as_empty()
    {
        Assert.Equal("the file is empty (0 bytes)", Fails([]).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(500)]
    [InlineData(-1)]
    public void A_truncated_synthetic_graph_is_reported_as_truncated(int cut)
    {
        byte[] whole = new SyntheticMagenta().Build();
        int length = cut > 0 ? cut : whole.Length + cut;
        var e = Fails(whole[..length]);
        Assert.StartsWith("truncated protobuf at byte ", e.Message);
        Assert.Contains("runs past the end of the file", e.Message);
    }

    [Fact]
    public void Prefixes_of_a_synthetic_graph_fail_cleanly()
    {
        // A cut exactly between two nodes leaves valid protobuf with nodes missing, which the mapper must catch;
        // the one exception is the cut that drops only the final 'output' node, which the importer never reads.
        byte[] whole = new SyntheticMagenta().Build();
        int withoutOutput = new SyntheticMagenta { Omit = ["output"] }.Build().Length;
        foreach (int length in InterestingPrefixLengths(whole))
        {
            if (length == withoutOutput) continue;
            try
            {
                MagentaImporter.Import(whole[..length]);
                Assert.Fail($"a prefix of {length} of {whole.Length} bytes was accepted");
            }
            catch (ModelImportException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }

    /// <summary>Every length near a node boundary (where a cut leaves valid protobuf), and a sample in between.</summary>
    private static SortedSet<int> InterestingPrefixLengths(byte[] whole)
    {
        var lengths = new SortedSet<int>();
        var reader = Cin.Import.Protobuf.ProtoReader.ForFile(whole);
        while (reader.TryRead(out var node))
        {
            for (int d = -2; d <= 2; d++) lengths.Add(node.Offset + d);
        }
        for (int length = 1; length < whole.Length; length += 7) lengths.Add(length);
        lengths.RemoveWhere(length => length < 1 || length >= whole.Length);
        return lengths;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(100_000)]
    [InlineData(281_948)]
    [InlineData(-1)]
    public void A_truncated_real_graph_is_reported_as_truncated_at_a_byte(int cut)
    {
        byte[] whole = RepoPaths.ReadSharedMagentaGraphOrSkip();
        int length = cut > 0 ? cut : whole.Length + cut;
        var e = Fails(whole[..length]);
        Assert.Matches(@"^truncated protobuf at byte \d+ \(", e.Message);
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 256)]
    [InlineData(3, 4096)]
    [InlineData(4, 65536)]
    [InlineData(5, 7)]
    [InlineData(6, 100)]
    public void Random_bytes_are_rejected(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        Fails(bytes);
    }

    [Fact]
    public void A_valid_graph_without_the_magenta_network_is_not_a_magenta_graph()
    {
        byte[] graph = new GraphBuilder()
            .Node("x", "Placeholder")
            .FloatConst("two", [], [2f])
            .Node("y", "Mul", ["x", "two"])
            .ToArray();
        var e = Fails(graph);
        Assert.Equal("not a Magenta style-transfer graph: none of its 3 nodes is a QuantizedConv2D", e.Message);
    }

    [Fact]
    public void Valid_protobuf_that_is_not_a_graph_names_the_mismatched_field()
    {
        byte[] notAGraph = new ProtoWriter().Varint(1, 150).ToArray();
        var e = Fails(notAGraph);
        Assert.Equal("invalid protobuf at byte 0 (GraphDef.node has wire type varint, expected length-delimited)", e.Message);
    }

    [Fact]
    public void A_conv_under_an_unknown_scope_is_named()
    {
        byte[] graph = new GraphBuilder()
            .QUInt8Const("other/layer/weights_quint8_const", [1, 1, 1, 1], [0])
            .Node("conv", "QuantizedConv2D", ["x", "other/layer/weights_quint8_const"])
            .ToArray();
        var e = Fails(graph);
        Assert.Contains("conv scope 'other/layer'", e.Message);
    }

    [Fact]
    public void A_tensor_whose_content_does_not_fill_its_shape_is_named()
    {
        byte[] graph = new GraphBuilder()
            .Node("transformer/contract/conv1/weights_quint8_const", "Const", null,
                ("value", GraphBuilder.Tensor(GraphBuilder.QUInt8, [3, 3, 3, 4], t => t.Bytes(4, new byte[10]))))
            .Node("conv", "QuantizedConv2D", ["x", "transformer/contract/conv1/weights_quint8_const"])
            .ToArray();
        var e = Fails(graph);
        Assert.Equal("node 'transformer/contract/conv1/weights_quint8_const' has 10 bytes of tensor content for shape [3, 3, 3, 4], expected 108", e.Message);
    }
}
