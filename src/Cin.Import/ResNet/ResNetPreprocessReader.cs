using Cin.Import.Features;
using Cin.Import.Onnx;

namespace Cin.Import.ResNet;

/// <summary>
/// Reads ResNetPreprocess.onnx, the package's input transform: Split the 0..255 RGB input into channels, Concat them
/// reversed (BGR), Sub a mean image. The network wants any image size, so the mean image becomes its per-channel
/// averages (accumulated in float64); nothing scales the values, so the input stays in 0..255.
/// </summary>
internal static class ResNetPreprocessReader
{
    public static FeatureInput Read(OnnxGraph graph)
    {
        string[] ops = [.. graph.Nodes.Select(n => n.OpType)];
        if (!ops.SequenceEqual(["Split", "Concat", "Sub"]))
        {
            string found = string.Join(", ", ops.Take(4)) + (ops.Length > 4 ? $", ... ({ops.Length} nodes)" : "");
            throw new ModelImportException($"the preprocessing graph has nodes [{found}], expected [Split, Concat, Sub]");
        }
        OnnxNode split = graph.Nodes[0], concat = graph.Nodes[1], sub = graph.Nodes[2];
        OnnxValueInfo[] inputs = [.. graph.DataInputs];
        if (inputs.Length != 1 || split.Inputs is not [var splitInput] || splitInput != inputs[0].Name)
            throw new ModelImportException($"{split.Label} does not split the graph's one input");
        if (split.IntOr("axis", 0) != 1 || split.Outputs.Count != 3 || concat.IntOr("axis", 0) != 1)
            throw new ModelImportException($"{split.Label} and {concat.Label} do not split and join three channels (axis 1)");
        if (!concat.Inputs.SequenceEqual(split.Outputs.Reverse()))
            throw new ModelImportException($"{concat.Label} does not reverse the channel order (RGB to BGR)");
        if (sub.Inputs.Count != 2 || sub.Inputs[0] != concat.SingleOutput())
            throw new ModelImportException($"{sub.Label} does not subtract from the reordered image");

        OnnxTensor meanImage = graph.RequireInitializer(sub.Inputs[1], sub);
        if (meanImage.Dims is not [1, 3, var h, var w] || h <= 0 || w <= 0)
            throw new ModelImportException($"the mean image '{meanImage.Name}' has shape {meanImage.DimsText}, expected [1, 3, H, W]");
        float[] values = meanImage.ToFloats();
        int plane = (int)(h * w);
        var means = new float[3];
        for (int c = 0; c < 3; c++)
        {
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += values[c * plane + i];
            means[c] = (float)(sum / plane);
        }
        return new FeatureInput("bgr", 255f, means);
    }
}
