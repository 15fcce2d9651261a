using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>
/// Confirms that a conv's input is reflect-padded by kernel/2 on height and width, which is what the cin format
/// assumes for every layer, and returns the MirrorPad node so the caller can look further upstream.
/// </summary>
internal static class PaddingProbe
{
    public static NodeDef RequireReflectPad(GraphDef graph, NodeDef conv, int kernel)
    {
        NodeDef source = graph.Input(conv, 0);
        // The 8-bit graph quantizes the padded activations right before the conv.
        if (source.Op == "QuantizeV2") source = graph.Input(source, 0);
        if (source.Op != "MirrorPad")
            throw new ModelImportException($"conv '{conv.Name}' reads '{source.Name}' ({source.Op}), expected a MirrorPad");

        string? mode = source.Attr("mode")?.String;
        if (mode != "REFLECT")
            throw new ModelImportException($"'{source.Name}' pads in mode {mode ?? "(none)"}, expected REFLECT");

        NodeDef paddingsNode = graph.Input(source, 1);
        int[] paddings = paddingsNode.ConstValue().ToInt32s(paddingsNode.Name);
        int p = kernel / 2;
        int[] expected = [0, 0, p, p, p, p, 0, 0];
        if (!paddings.AsSpan().SequenceEqual(expected))
        {
            throw new ModelImportException(
                $"'{source.Name}' pads by [{string.Join(", ", paddings)}], expected [{string.Join(", ", expected)}] for a {kernel}x{kernel} kernel");
        }
        return source;
    }
}
