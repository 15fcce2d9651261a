namespace Cin.Import.Tests;

/// <summary>
/// A small graph wired the way Magenta's 8-bit stylize graph is (MirrorPad -> QuantizeV2 -> QuantizedConv2D
/// with weights_quint8_const/min/max, InstanceNorm gamma/beta/epsilon, QuantizedRelu or Sigmoid, a residual
/// Add, ResizeNearestNeighbor sized by Pack(factor * h, factor * w)), but with 2 to 4 channels. It lets the
/// importer's topology discovery and its error paths be tested without the real file. Each property breaks
/// one thing on purpose.
/// </summary>
internal sealed class SyntheticMagenta
{
    public sealed record Layer(string Scope, string PadName, int Kernel, int Stride, int In, int Out, int Upsample, string Act, string CinName);

    public static readonly Layer[] Layers =
    [
        new("transformer/contract/conv1", "transformer/contract/MirrorPad", 3, 1, 3, 4, 0, "relu", "contract/conv1"),
        new("transformer/contract/conv2", "transformer/contract/MirrorPad_1", 3, 2, 4, 4, 0, "relu", "contract/conv2"),
        new("transformer/residual/residual1/conv1", "transformer/residual/residual1/MirrorPad", 3, 1, 4, 4, 0, "relu", "residual/residual1/conv1"),
        new("transformer/residual/residual1/conv2", "transformer/residual/residual1/MirrorPad_1", 3, 1, 4, 4, 0, "none", "residual/residual1/conv2"),
        new("transformer/expand/conv1/conv", "transformer/expand/conv1/MirrorPad", 3, 1, 4, 2, 2, "relu", "expand/conv1"),
        new("transformer/expand/conv2/conv", "transformer/expand/conv2/MirrorPad", 5, 1, 2, 3, 1, "sigmoid", "expand/conv2"),
    ];

    public const string ExpectedTopology =
        "conv contract/conv1 kernel=3 stride=1 in=3 out=4 act=relu\n" +
        "conv contract/conv2 kernel=3 stride=2 in=4 out=4 act=relu\n" +
        "residual residual/residual1 kernel=3 channels=4\n" +
        "conv expand/conv1 upsample=2 kernel=3 stride=1 in=4 out=2 act=relu\n" +
        "conv expand/conv2 kernel=5 stride=1 in=2 out=3 act=sigmoid\n";

    public static int ExpectedWeightCount => Layers.Sum(l => l.Kernel * l.Kernel * l.In * l.Out);

    public int Styles { get; init; } = 26;
    public string PadMode { get; init; } = "REFLECT";
    public int UpsampleFactor { get; init; } = 2;
    public long[] ContractConv2Strides { get; init; } = [1, 2, 2, 1];
    public bool ResidualConv2Relu { get; init; }
    public int GammaChannelsDelta { get; init; }
    public float Epsilon { get; init; } = 1e-5f;
    public string[] Omit { get; init; } = [];

    public static byte Quantized(int layer, int i) => (byte)((i * 37 + layer * 11) % 256);
    public static float Min(int layer) => -0.5f - 0.125f * layer;
    public static float Max(int layer) => 0.75f + 0.0625f * layer;
    public static float Gamma(int layer, int style, int channel) => 1f + 0.01f * style + 0.001f * channel + 0.1f * layer;
    public static float Beta(int layer, int style, int channel) => -0.5f + 0.02f * style - 0.003f * channel + 0.05f * layer;

    public byte[] Build()
    {
        var g = new GraphBuilder();
        foreach (string name in Omit) g.Omit.Add(name);
        g.Node("input", "Placeholder", null, ("dtype", GraphBuilder.Type(GraphBuilder.Float)));
        g.Node("style_num", "Placeholder", null, ("dtype", GraphBuilder.Type(GraphBuilder.Float)));

        string current = "input";
        string blockInput = "";
        for (int l = 0; l < Layers.Length; l++)
        {
            Layer layer = Layers[l];
            if (layer.CinName.EndsWith("residual1/conv1", StringComparison.Ordinal)) blockInput = current;
            string padInput = layer.Upsample > 0 ? Resize(g, layer, current) : current;
            current = Conv(g, l, layer, padInput);
            if (layer.CinName.EndsWith("residual1/conv2", StringComparison.Ordinal))
            {
                g.Node("transformer/residual/residual1/add", "Add", [blockInput, current]);
                current = "transformer/residual/residual1/add";
            }
        }
        g.Node("output", "Identity", [current]);
        return g.ToArray();
    }

    private string Resize(GraphBuilder g, Layer layer, string input)
    {
        string scope = layer.PadName[..layer.PadName.LastIndexOf('/')];
        int factor = layer.Upsample == 2 ? UpsampleFactor : 1;
        g.Node($"{scope}/Shape", "Shape", [input]);
        foreach (string mul in new[] { "mul", "mul_1" })
        {
            string slice = mul == "mul" ? "strided_slice" : "strided_slice_1";
            g.Node($"{scope}/{slice}", "StridedSlice", [$"{scope}/Shape"]);
            g.Int32Const($"{scope}/{mul}/x", [], [factor]);
            g.Node($"{scope}/{mul}", "Mul", [$"{scope}/{mul}/x", $"{scope}/{slice}"]);
        }
        g.Node($"{scope}/ResizeNearestNeighbor/size", "Pack", [$"{scope}/mul", $"{scope}/mul_1"]);
        g.Node($"{scope}/ResizeNearestNeighbor", "ResizeNearestNeighbor", [input, $"{scope}/ResizeNearestNeighbor/size"],
            ("align_corners", GraphBuilder.Bool(false)));
        return $"{scope}/ResizeNearestNeighbor";
    }

    private string Conv(GraphBuilder g, int l, Layer layer, string input)
    {
        string s = layer.Scope;
        int p = layer.Kernel / 2;
        g.Int32Const($"{layer.PadName}/paddings", [4, 2], [0, 0, p, p, p, p, 0, 0]);
        g.Node(layer.PadName, "MirrorPad", [input, $"{layer.PadName}/paddings"], ("mode", GraphBuilder.Str(PadMode)));
        g.Node($"{s}/convolution_eightbit_quantize", "QuantizeV2", [layer.PadName]);

        int count = layer.Kernel * layer.Kernel * layer.In * layer.Out;
        g.QUInt8Const($"{s}/weights_quint8_const", [layer.Kernel, layer.Kernel, layer.In, layer.Out],
            Enumerable.Range(0, count).Select(i => Quantized(l, i)).ToArray());
        // One scalar as packed float_val, the other unpacked: encoders write both forms.
        g.FloatConst($"{s}/weights_min", [], [Min(l)], asContent: false);
        g.Node($"{s}/weights_max", "Const", null, ("dtype", GraphBuilder.Type(GraphBuilder.Float)),
            ("value", GraphBuilder.Tensor(GraphBuilder.Float, [], t => t.Fixed32(5, Max(l)))));

        long[] strides = layer.CinName == "contract/conv2" ? ContractConv2Strides : [1, layer.Stride, layer.Stride, 1];
        string q = $"{s}/convolution_eightbit_quantize";
        g.Node($"{s}/convolution_eightbit_quantized_conv", "QuantizedConv2D",
            [q, $"{s}/weights_quint8_const", $"{q}:1", $"{q}:2", $"{s}/weights_min", $"{s}/weights_max"],
            ("strides", GraphBuilder.Ints(strides)), ("padding", GraphBuilder.Str("VALID")));
        g.Node($"{s}/convolution", "Dequantize", [$"{s}/convolution_eightbit_quantized_conv"]);

        int channels = layer.Out + (layer.CinName == "expand/conv1" ? GammaChannelsDelta : 0);
        g.FloatConst($"{s}/InstanceNorm/gamma", [Styles, channels], Table(Gamma, l, channels));
        g.FloatConst($"{s}/InstanceNorm/beta", [Styles, channels], Table(Beta, l, channels));
        g.FloatConst($"{s}/InstanceNorm/batchnorm/add/y", [], [Epsilon], asContent: false);
        g.Node($"{s}/InstanceNorm/batchnorm/add_1", "Add", [$"{s}/convolution", $"{s}/InstanceNorm/gamma"]);

        string act = layer.CinName == "residual/residual1/conv2" && ResidualConv2Relu ? "relu" : layer.Act;
        switch (act)
        {
            case "relu":
                g.Node($"{s}/Relu_eightbit_quantized", "QuantizedRelu", [$"{s}/InstanceNorm/batchnorm/add_1"]);
                g.Node($"{s}/Relu", "Dequantize", [$"{s}/Relu_eightbit_quantized"]);
                return $"{s}/Relu";
            case "sigmoid":
                g.Node($"{s}/Sigmoid", "Sigmoid", [$"{s}/InstanceNorm/batchnorm/add_1"]);
                return $"{s}/Sigmoid";
            default:
                return $"{s}/InstanceNorm/batchnorm/add_1";
        }
    }

    private float[] Table(Func<int, int, int, float> value, int layer, int channels)
    {
        var table = new float[Styles * channels];
        for (int style = 0; style < Styles; style++)
            for (int c = 0; c < channels; c++) table[style * channels + c] = value(layer, style, c);
        return table;
    }
}
