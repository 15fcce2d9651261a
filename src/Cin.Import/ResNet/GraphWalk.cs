using Cin.Import.Onnx;

namespace Cin.Import.ResNet;

/// <summary>Steps through an ONNX graph by structure (who reads a value) rather than by node names.</summary>
internal static class GraphWalk
{
    /// <summary>The one node of type <paramref name="opType"/> that reads <paramref name="value"/>.</summary>
    public static OnnxNode OnlyConsumer(this OnnxGraph graph, string value, string opType, string role)
    {
        IReadOnlyList<OnnxNode> consumers = graph.Consumers(value);
        OnnxNode[] found = [.. consumers.Where(n => n.OpType == opType)];
        if (found.Length != 1)
        {
            string seen = consumers.Count == 0 ? "nothing" : string.Join(", ", consumers.Select(n => n.Label));
            throw new ModelImportException($"expected one {opType} ({role}) reading '{value}', found {seen}");
        }
        return found[0];
    }

    public static string SingleOutput(this OnnxNode node) =>
        node.Outputs.Count >= 1 && node.Outputs[0].Length > 0
            ? node.Outputs[0]
            : throw new ModelImportException($"{node.Label} has no output");
}
