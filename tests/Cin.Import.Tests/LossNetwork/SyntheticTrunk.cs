namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// A small ResNet-shaped ONNX graph with seeded random weights, so that the importer's walk and BatchNorm fold are
/// checked against ONNX Runtime without the 64 MB package. It differs from the CNTK export where that finds more
/// bugs: the stem is 5x5 with pads 2,1,0,1 (all four sides distinct) and a bias of its own, the BatchNorm epsilon
/// is not the default, the stages have 1, 1 and 2 blocks and 4, 6 and 8 channels, and some initializers use
/// float_data instead of raw_data.
/// </summary>
internal static class SyntheticTrunk
{
    public static readonly string[] Statements =
    [
        "conv stem kernel=5 stride=2 pad=2,1,0,1 in=3 out=4 bias=yes act=relu",
        "tap relu1",
        "maxpool pool kernel=3 stride=2 pad=1,1,0,0",
        "block layer1/block1 kernel=3 stride=1 pad=1,1,1,1 in=4 out=4 shortcut=identity",
        "tap layer1",
        "block layer2/block1 kernel=3 stride=2 pad=1,1,0,0 in=4 out=6 shortcut=projection",
        "tap layer2",
        "block layer3/block1 kernel=3 stride=2 pad=1,1,0,0 in=6 out=8 shortcut=projection",
        "block layer3/block2 kernel=3 stride=1 pad=1,1,1,1 in=8 out=8 shortcut=identity",
        "tap layer3",
    ];

    public static byte[] Build()
    {
        var random = new Random(2026);
        var b = new OnnxBuilder(irVersion: 7, opset: 11).Input("image");
        int counter = 0;

        float[] Values(int n, double low, double high) =>
            [.. Enumerable.Range(0, n).Select(_ => (float)(low + (high - low) * random.NextDouble()))];

        // Conv + BatchNorm; returns the BatchNorm's output.
        string ConvBn(string x, int cin, int cout, int k, int s, long[] pads, bool ownBias = false)
        {
            string id = $"n{counter++}";
            double spread = 1.5 / Math.Sqrt(cin * k * k);
            b.Initializer(id + "_w", [cout, cin, k, k], Values(cout * cin * k * k, -spread, spread), asFloatData: counter % 2 == 0);
            string[] inputs = ownBias ? [x, id + "_w", id + "_b"] : [x, id + "_w"];
            if (ownBias) b.Initializer(id + "_b", [cout], Values(cout, -0.3, 0.3));
            b.Node("Conv", inputs, id + "_conv", OnnxBuilder.Ints("kernel_shape", k, k), OnnxBuilder.Ints("strides", s, s), OnnxBuilder.Ints("pads", pads));
            b.Initializer(id + "_scale", [cout], Values(cout, 0.5, 1.5)).Initializer(id + "_shift", [cout], Values(cout, -0.5, 0.5))
             .Initializer(id + "_mean", [cout], Values(cout, -0.5, 0.5)).Initializer(id + "_var", [cout], Values(cout, 0.5, 2.0), asFloatData: true);
            b.Node("BatchNormalization", [id + "_conv", id + "_scale", id + "_shift", id + "_mean", id + "_var"], id + "_bn", OnnxBuilder.Float("epsilon", 1e-3f));
            return id + "_bn";
        }

        string Relu(string x)
        {
            b.Node("Relu", [x], x + "_relu");
            return x + "_relu";
        }

        string Block(string x, int cin, int cout, int stride)
        {
            string main = ConvBn(Relu(ConvBn(x, cin, cout, 3, stride, stride == 1 ? [1, 1, 1, 1] : [1, 1, 0, 0])), cout, cout, 3, 1, [1, 1, 1, 1]);
            string shortcut = cin == cout && stride == 1 ? x : ConvBn(x, cin, cout, 1, stride, [0, 0, 0, 0]);
            b.Node("Add", [main, shortcut], main + "_add");
            return Relu(main + "_add");
        }

        string y = Relu(ConvBn("image", 3, 4, 5, 2, [2, 1, 0, 1], ownBias: true));
        b.Node("MaxPool", [y], "pool", OnnxBuilder.Ints("kernel_shape", 3, 3), OnnxBuilder.Ints("strides", 2, 2), OnnxBuilder.Ints("pads", 1, 1, 0, 0));
        y = Block("pool", 4, 4, 1);
        y = Block(y, 4, 6, 2);
        y = Block(Block(y, 6, 8, 2), 8, 8, 1);
        // Something after layer3, as in the real graph: the importer must stop before it.
        b.Node("GlobalAveragePool", [y], "features");
        return b.Build();
    }
}
