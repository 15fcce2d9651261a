using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cin.Network.Tests.Reference;

/// <summary>
/// The network as an ONNX graph run by ONNX Runtime: the reference the engine is checked against. The graph is NCHW
/// and is written straight from the model folder's text (<see cref="ModelFolder"/>), a weight array in the folder's
/// HWIO order and one weight per style, with nothing from the engine or the generator. Per layer, as
/// styles/README.md specifies: [Resize nearest x2] -> Pad reflect k/2 -> Conv (no bias) -> InstanceNormalization
/// (eps 1e-5, blended gamma/beta) -> Relu / Sigmoid / nothing, and Add for the residual skips.
/// </summary>
internal sealed class OnnxReference : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxReference(ModelFolder model, float[] hwioWeights, IReadOnlyList<float> styleWeights)
    {
        Model = BuildModel(model, hwioWeights, styleWeights);
        using var options = new SessionOptions
        {
            // ORT's default level. None of its fusions applies to this graph (a Conv is always followed by an
            // InstanceNormalization, never by an activation or Add), so it changes only how Conv is computed: the
            // blocked NCHWc kernels instead of im2col + SGEMM. Both are float32 with their own rounding; on the
            // ill-conditioned 8x8 input (a 2x2 bottleneck whose instance norms average 4 pixels) ORT's distance from
            // a float64 computation was 3e-5 with this level and 1.1e-4 with ORT_DISABLE_ALL, the engine's 1.6e-5.
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(Model, options);
    }

    /// <summary>The serialized ModelProto.</summary>
    public byte[] Model { get; }

    public static byte[] BuildModel(ModelFolder model, float[] hwioWeights, IReadOnlyList<float> styleWeights)
    {
        if (hwioWeights.Length != model.WeightCount)
            throw new ArgumentException($"The model has {model.WeightCount} weights, not {hwioWeights.Length}.");
        var g = new OnnxGraph();
        g.Input("input", 1, 3, "height", "width");
        string x = "input", skip = "";
        string upsampleScales = g.Initializer("upsample_scales", new float[] { 1, 1, 2, 2 }, 4);
        int offset = 0;
        foreach (var layer in model.Layers)
        {
            if (layer.ResidualStart) skip = x;
            if (layer.Upsample != 1)
            {
                if (layer.Upsample != 2) throw new NotSupportedException("Only upsample=2 is in the format.");
                // Nearest, with output pixel i reading input pixel floor(i / 2): every pixel doubled.
                x = g.Node("Resize", new[] { x, "", upsampleScales },
                    ("mode", "nearest"), ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"));
            }
            int pad = layer.Kernel / 2;
            if (pad > 0)
            {
                string pads = g.Initializer(layer.Name + "_pads", new long[] { 0, 0, pad, pad, 0, 0, pad, pad });
                x = g.Node("Pad", new[] { x, pads }, ("mode", "reflect"));
            }
            string w = g.Initializer(layer.Name + "_w",
                HwioToOihw(hwioWeights.AsSpan(offset, layer.WeightCount), layer.Kernel, layer.In, layer.Out),
                layer.Out, layer.In, layer.Kernel, layer.Kernel);
            offset += layer.WeightCount;
            x = g.Node("Conv", new[] { x, w },
                ("kernel_shape", new[] { layer.Kernel, layer.Kernel }),
                ("strides", new[] { layer.Stride, layer.Stride }),
                ("pads", new[] { 0, 0, 0, 0 }),
                ("dilations", new[] { 1, 1 }),
                ("group", 1));
            string gamma = g.Initializer(layer.Name + "_gamma", model.Blend(layer, "gamma", styleWeights), layer.Out);
            string beta = g.Initializer(layer.Name + "_beta", model.Blend(layer, "beta", styleWeights), layer.Out);
            x = g.Node("InstanceNormalization", new[] { x, gamma, beta }, ("epsilon", 1e-5f));
            x = layer.Activation switch
            {
                "relu" => g.Node("Relu", new[] { x }),
                "sigmoid" => g.Node("Sigmoid", new[] { x }),
                "none" => x,
                _ => throw new NotSupportedException($"Activation '{layer.Activation}'."),
            };
            if (layer.ResidualEnd) x = g.Node("Add", new[] { x, skip });
        }
        g.Identity(x, "output");
        g.Output("output", 1, 3, "height", "width");
        return g.ToModelBytes(model.Name);
    }

    /// <summary>[kh][kw][in][out] to [out][in][kh][kw].</summary>
    public static float[] HwioToOihw(ReadOnlySpan<float> hwio, int k, int ci, int co)
    {
        var oihw = new float[hwio.Length];
        for (int y = 0; y < k; y++)
            for (int x = 0; x < k; x++)
                for (int i = 0; i < ci; i++)
                    for (int o = 0; o < co; o++)
                        oihw[((o * ci + i) * k + y) * k + x] = hwio[((y * k + x) * ci + i) * co + o];
        return oihw;
    }

    /// <summary>Runs the graph on a channels-last RGB image and returns channels-last RGB of the same size.</summary>
    public float[] Run(float[] nhwc, int height, int width)
    {
        const int c = 3;
        var nchw = new float[c * height * width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int ch = 0; ch < c; ch++)
                    nchw[(ch * height + y) * width + x] = nhwc[(y * width + x) * c + ch];
        var input = new DenseTensor<float>(nchw, new[] { 1, c, height, width });
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
        var output = results.Single(r => r.Name == "output").AsTensor<float>();
        if (!output.Dimensions.SequenceEqual(new[] { 1, c, height, width }))
            throw new InvalidOperationException($"ORT returned shape [{string.Join(",", output.Dimensions.ToArray())}].");
        var result = new float[c * height * width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int ch = 0; ch < c; ch++)
                    result[(y * width + x) * c + ch] = output[0, ch, y, x];
        return result;
    }

    public void Dispose() => _session.Dispose();
}
