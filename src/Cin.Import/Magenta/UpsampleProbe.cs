using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>
/// Reads a layer's nearest-neighbour upsampling factor from the graph rather than assuming it from the layer's
/// name. Magenta's upsampling helper builds the target size as <c>Pack(factor * height, factor * width)</c> from
/// the input's dynamic shape, so the factor is the int32 constant multiplied in; the last expand layer goes
/// through the same helper with factor 1, which is no upsampling at all.
/// </summary>
internal static class UpsampleProbe
{
    public static int Factor(GraphDef graph, NodeDef padNode)
    {
        NodeDef resize = graph.Input(padNode, 0);
        if (resize.Op != "ResizeNearestNeighbor") return 1;
        if (resize.Attr("align_corners")?.Bool == true)
            throw new ModelImportException($"'{resize.Name}' aligns corners; cin upsamples by plain pixel repetition");

        NodeDef size = graph.Input(resize, 1);
        if (size.Op != "Pack" || size.Inputs.Count != 2)
            throw new ModelImportException($"cannot read the upsampling factor of '{resize.Name}': its size is a {size.Op}, expected Pack(factor * height, factor * width)");

        int height = ScaleOf(graph, graph.Input(size, 0), resize);
        int width = ScaleOf(graph, graph.Input(size, 1), resize);
        if (height != width)
            throw new ModelImportException($"'{resize.Name}' scales height by {height} and width by {width}; cin upsamples both alike");
        if (height is not (1 or 2))
            throw new ModelImportException($"'{resize.Name}' upsamples by {height}; the cin format supports only 2");
        return height;
    }

    private static int ScaleOf(GraphDef graph, NodeDef product, NodeDef resize)
    {
        if (product.Op == "Mul" && product.Inputs.Count == 2)
        {
            for (int i = 0; i < 2; i++)
            {
                NodeDef operand = graph.Input(product, i);
                if (operand.Op != "Const") continue;
                int[] values = operand.ConstValue().ToInt32s(operand.Name);
                if (values.Length == 1) return values[0];
            }
        }
        throw new ModelImportException(
            $"cannot read the upsampling factor of '{resize.Name}': '{product.Name}' ({product.Op}) is not a constant times a dimension");
    }
}
