using Cin.Import.Model;
using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>
/// Reads one QuantizedConv2D node and everything around it into a <see cref="ConvLayer"/>. The weights, their
/// range and the stride come from the conv's own inputs and attributes (data flow, not names); the norm tables
/// and the activation are found through the layer's name scope, which the weights constant fixes.
/// </summary>
internal static class ConvNodeReader
{
    private const string WeightsSuffix = "/weights_quint8_const";

    public static (LayerSite Site, ConvLayer Layer) Read(GraphDef graph, NodeDef conv)
    {
        // QuantizedConv2D inputs: input, filter, min_input, max_input, min_filter, max_filter.
        NodeDef weightsNode = graph.Input(conv, 1);
        if (!weightsNode.Name.EndsWith(WeightsSuffix, StringComparison.Ordinal))
            throw new ModelImportException($"conv '{conv.Name}' reads its filter from '{weightsNode.Name}', expected a '...{WeightsSuffix}' constant");
        string scope = weightsNode.Name[..^WeightsSuffix.Length];
        LayerSite site = LayerSite.FromScope(scope);

        TensorValue weightsTensor = weightsNode.ConstValue();
        long[] shape = weightsTensor.Shape;
        if (shape.Length != 4 || shape[0] != shape[1] || shape[0] % 2 == 0 || shape[2] < 1 || shape[3] < 1 || shape[0] > 99)
            throw new ModelImportException($"'{weightsNode.Name}' has shape {weightsTensor.ShapeText}, expected [k, k, in, out] with k odd");
        int kernel = (int)shape[0], inChannels = (int)shape[2], outChannels = (int)shape[3];
        byte[] quantized = weightsTensor.ToQUInt8(weightsNode.Name);

        float min = Scalar(graph.Input(conv, 4));
        float max = Scalar(graph.Input(conv, 5));
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(max > min))
            throw new ModelImportException($"layer '{scope}' has weight range [{min}, {max}], which is empty or not finite");
        float[] weights = Dequantizer.Dequantize(quantized, min, max);

        int stride = Stride(conv);
        string? padding = conv.Attr("padding")?.String;
        if (padding != "VALID")
            throw new ModelImportException($"conv '{conv.Name}' has padding {padding ?? "(none)"}, expected VALID after an explicit MirrorPad");
        NodeDef pad = PaddingProbe.RequireReflectPad(graph, conv, kernel);
        int upsample = UpsampleProbe.Factor(graph, pad);

        Activation activation = ActivationProbe.Find(graph, scope);
        var (gamma, beta, _) = InstanceNormReader.Read(graph, scope, outChannels);

        var layer = new ConvLayer(site.Name, kernel, stride, inChannels, outChannels, activation, upsample, weights, gamma, beta);
        return (site, layer);
    }

    private static float Scalar(NodeDef node)
    {
        float[] values = node.ConstValue().ToFloats(node.Name);
        if (values.Length != 1)
            throw new ModelImportException($"'{node.Name}' has {values.Length} values, expected one");
        return values[0];
    }

    /// <summary>TensorFlow strides are NHWC: [1, s, s, 1] is the only form a per-image square conv can have.</summary>
    private static int Stride(NodeDef conv)
    {
        IReadOnlyList<long>? strides = conv.Attr("strides")?.IntList;
        if (strides is not [1, var h, var w, 1] || h != w || h is < 1 or > 8)
        {
            string text = strides == null ? "(none)" : "[" + string.Join(", ", strides) + "]";
            throw new ModelImportException($"conv '{conv.Name}' has strides {text}, expected [1, s, s, 1]");
        }
        return (int)h;
    }
}
