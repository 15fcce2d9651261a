using Cin.Import.Features;
using Cin.Import.Onnx;

namespace Cin.Import.ResNet;

/// <summary>
/// Reads a Conv and the BatchNormalization after it as one <see cref="FeatureConv"/> with BatchNorm folded in:
/// with k = scale / sqrt(var + epsilon), the kernel becomes W * k (per output channel) and the bias
/// (b - mean) * k + shift. The arithmetic is done in float64 and rounded once to float32.
/// </summary>
internal static class FoldedConvReader
{
    /// <returns>The folded conv and the value the BatchNormalization writes (where the walk goes on).</returns>
    public static (FeatureConv Conv, string Output) Read(OnnxGraph graph, OnnxNode conv, string name, bool relu)
    {
        if (conv.OpType != "Conv") throw new ModelImportException($"{conv.Label} is not a Conv ({name})");
        if (conv.Inputs.Count < 2) throw new ModelImportException($"{conv.Label} has no weight input");
        if (conv.IntOr("group", 1) != 1) throw new ModelImportException($"{conv.Label} is a grouped convolution, which is not supported");
        string? autoPad = conv.StringOrNull("auto_pad");
        if (autoPad is not (null or "NOTSET"))
            throw new ModelImportException($"{conv.Label} uses auto_pad={autoPad}; only explicit pads are supported");
        if (conv.IntsOr("dilations", [1, 1]).Any(d => d != 1))
            throw new ModelImportException($"{conv.Label} is dilated, which is not supported");

        OnnxTensor weightTensor = graph.RequireInitializer(conv.Inputs[1], conv);
        if (weightTensor.Dims is not [var outChannels, var inChannels, var kh, var kw] || kh != kw)
            throw new ModelImportException($"{conv.Label} has a weight of shape {weightTensor.DimsText}, expected [out, in, K, K]");
        int o = (int)outChannels, i = (int)inChannels, k = (int)kh;
        IReadOnlyList<long> strides = conv.IntsOr("strides", [1, 1]);
        if (strides.Count != 2 || strides[0] != strides[1])
            throw new ModelImportException($"{conv.Label} has strides [{string.Join(", ", strides)}]; only equal strides are supported");
        Padding pad = ReadPads(conv);
        float[] w = weightTensor.ToFloats();
        float[]? convBias = conv.Inputs.Count > 2 && conv.Inputs[2].Length > 0 ? graph.RequireInitializer(conv.Inputs[2], conv).ToFloats() : null;
        if (convBias is not null && convBias.Length != o)
            throw new ModelImportException($"{conv.Label} has {convBias.Length} bias values for {o} output channels");

        OnnxNode bn = graph.OnlyConsumer(conv.SingleOutput(), "BatchNormalization", $"the BatchNorm of {name}");
        if (bn.Inputs.Count != 5) throw new ModelImportException($"{bn.Label} has {bn.Inputs.Count} inputs, expected 5");
        if (bn.IntOr("spatial", 1) != 1) throw new ModelImportException($"{bn.Label} is not spatial, which is not supported");
        double epsilon = bn.FloatOr("epsilon", 1e-5f);
        float[][] parameters = [.. bn.Inputs.Skip(1).Select(input => graph.RequireInitializer(input, bn).ToFloats())];
        if (parameters.Any(p => p.Length != o))
            throw new ModelImportException($"{bn.Label} has parameters of [{string.Join(", ", parameters.Select(p => p.Length))}] values for {o} channels");
        float[] scale = parameters[0], shift = parameters[1], mean = parameters[2], variance = parameters[3];

        var hwio = new float[w.Length];
        var bias = new float[o];
        for (int oc = 0; oc < o; oc++)
        {
            double factor = scale[oc] / Math.Sqrt(variance[oc] + epsilon);
            bias[oc] = (float)(((convBias?[oc] ?? 0.0) - mean[oc]) * factor + shift[oc]);
            for (int ic = 0; ic < i; ic++)
            {
                for (int y = 0; y < k; y++)
                {
                    for (int x = 0; x < k; x++)
                    {
                        double folded = w[((oc * i + ic) * k + y) * k + x] * factor;
                        hwio[((y * k + x) * i + ic) * o + oc] = (float)folded;
                    }
                }
            }
        }
        return (new FeatureConv(name, k, (int)strides[0], pad, i, o, relu, hwio, bias), bn.SingleOutput());
    }

    /// <summary>ONNX pads for 2-D are [top, left, bottom, right]; absent means none.</summary>
    public static Padding ReadPads(OnnxNode node)
    {
        IReadOnlyList<long> pads = node.IntsOr("pads", [0, 0, 0, 0]);
        if (pads.Count != 4 || pads.Any(p => p is < 0 or > 16))
            throw new ModelImportException($"{node.Label} has pads [{string.Join(", ", pads)}], expected 4 small non-negative numbers");
        return new Padding((int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]);
    }
}
