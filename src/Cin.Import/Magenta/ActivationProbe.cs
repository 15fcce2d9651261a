using Cin.Import.Model;
using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>
/// Finds a layer's activation by the ops inside its name scope. Following the data flow instead would mean
/// walking through the 8-bit graph's Reshape/Min/Max/QuantizeV2 chains; the scope is exact because each Magenta
/// conv layer has a scope of its own and no activation outside it.
/// </summary>
internal static class ActivationProbe
{
    public static Activation Find(GraphDef graph, string scope)
    {
        string prefix = scope + "/";
        bool relu = false, sigmoid = false;
        foreach (NodeDef node in graph.Nodes)
        {
            if (!node.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            relu |= node.Op is "Relu" or "QuantizedRelu";
            sigmoid |= node.Op == "Sigmoid";
        }
        if (relu && sigmoid)
            throw new ModelImportException($"layer '{scope}' has both a Relu and a Sigmoid");
        return relu ? Activation.Relu : sigmoid ? Activation.Sigmoid : Activation.None;
    }
}
