using Cin.Import.Model;
using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>
/// Discovers the network from the graph: every QuantizedConv2D becomes a layer, the layers are ordered
/// contract, residual, expand (each by number), residual pairs become blocks, and the result is checked
/// against what the cin format can express, so a graph that differs from Magenta's fails here instead of
/// producing a model that runs but computes something else.
/// </summary>
internal static class MagentaTopology
{
    public static IReadOnlyList<LayerBlock> Discover(GraphDef graph)
    {
        var convs = graph.Nodes.Where(node => node.Op == "QuantizedConv2D").ToList();
        if (convs.Count == 0)
            throw new ModelImportException($"not a Magenta style-transfer graph: none of its {graph.Nodes.Count} nodes is a QuantizedConv2D");

        var layers = convs.Select(conv => ConvNodeReader.Read(graph, conv)).ToList();
        var duplicate = layers.GroupBy(l => l.Site.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new ModelImportException($"layer '{duplicate.Key}' has {duplicate.Count()} convolutions");

        var blocks = new List<LayerBlock>();
        blocks.AddRange(Numbered(layers, Section.Contract, "contract").Select(l => new ConvBlock(l.Layer)));
        foreach (var group in Numbered(layers, Section.Residual, "residual").GroupBy(l => l.Site.Number))
            blocks.Add(Residual(graph, group.ToList()));
        blocks.AddRange(Numbered(layers, Section.Expand, "expand").Select(l => new ConvBlock(l.Layer)));

        CheckChain(blocks);
        return blocks;
    }

    /// <summary>The section's layers in order, insisting on numbers 1..n so that a missing layer is noticed.</summary>
    private static List<(LayerSite Site, ConvLayer Layer)> Numbered(
        List<(LayerSite Site, ConvLayer Layer)> layers, Section section, string sectionName)
    {
        var inSection = layers.Where(l => l.Site.Section == section)
            .OrderBy(l => l.Site.Number).ThenBy(l => l.Site.ResidualConv).ToList();
        var numbers = inSection.Select(l => l.Site.Number).Distinct().ToList();
        for (int i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != i + 1)
                throw new ModelImportException($"the {sectionName} layers are numbered {string.Join(", ", numbers)}; expected 1 to {numbers.Count}");
        }
        return inSection;
    }

    private static ResidualBlock Residual(GraphDef graph, List<(LayerSite Site, ConvLayer Layer)> pair)
    {
        LayerSite first = pair[0].Site;
        string name = first.BlockName;
        if (pair.Count != 2 || pair[0].Site.ResidualConv != 1 || pair[1].Site.ResidualConv != 2)
            throw new ModelImportException($"residual block '{name}' needs conv1 and conv2, found {string.Join(", ", pair.Select(p => p.Site.Name))}");
        ConvLayer conv1 = pair[0].Layer, conv2 = pair[1].Layer;
        foreach (ConvLayer conv in new[] { conv1, conv2 })
        {
            if (conv.Stride != 1 || conv.Upsample != 1 || conv.In != conv.Out || conv.Kernel != conv1.Kernel || conv.Out != conv1.Out)
                throw new ModelImportException($"'{conv.Name}' is {Describe(conv)}; a residual block's convs are k x k, stride 1, C to C, alike");
        }
        if (conv1.Activation != Activation.Relu || conv2.Activation != Activation.None)
        {
            throw new ModelImportException(
                $"residual block '{name}' has activations {conv1.Activation.ToModelText()}, {conv2.Activation.ToModelText()}; cin expects relu, none");
        }

        // The skip connection: an Add whose inputs include conv2's normalized output.
        string addName = $"{first.Scope[..first.Scope.LastIndexOf('/')]}/add";
        NodeDef add = graph.Require(addName, "the residual block's skip connection");
        string conv2Scope = pair[1].Site.Scope + "/";
        if (add.Op != "Add" || !add.Inputs.Any(input => input.StartsWith(conv2Scope, StringComparison.Ordinal)))
            throw new ModelImportException($"'{addName}' ({add.Op}) does not add conv2's output back to the block's input");
        return new ResidualBlock(name, conv1, conv2);
    }

    private static void CheckChain(List<LayerBlock> blocks)
    {
        var convs = blocks.SelectMany(b => b.Convs).ToList();
        int styles = convs[0].StyleCount;
        int channels = 3;
        foreach (LayerBlock block in blocks)
        {
            ConvLayer head = block.Convs.First();
            if (head.In != channels)
                throw new ModelImportException($"layer '{head.Name}' takes {head.In} channels but the layer before it gives {channels}");
            channels = block.Convs.Last().Out;
        }
        foreach (ConvLayer conv in convs)
        {
            if (conv.StyleCount != styles)
                throw new ModelImportException($"layer '{conv.Name}' has {conv.StyleCount} styles but '{convs[0].Name}' has {styles}");
        }
        ConvLayer last = convs[^1];
        if (last.Out != 3 || last.Activation != Activation.Sigmoid)
            throw new ModelImportException($"the last layer '{last.Name}' is {Describe(last)}; cin expects 3 channels through a sigmoid");
    }

    private static string Describe(ConvLayer conv) =>
        $"{conv.Kernel}x{conv.Kernel} stride {conv.Stride} {conv.In}->{conv.Out} act={conv.Activation.ToModelText()}" +
        (conv.Upsample > 1 ? $" upsample={conv.Upsample}" : "");
}
