using Cin.Import.Features;
using Cin.Import.Onnx;

namespace Cin.Import.ResNet;

/// <summary>
/// Walks a ResNet graph from its input to the end of stage <see cref="Stages"/> (layer3) by structure: the stem
/// Conv, BatchNorm, Relu and MaxPool, then basic blocks (Conv, BatchNorm, Relu, Conv, BatchNorm, Add with the
/// block's input or with a 1x1 projection of it, Relu). A block with a projection starts a new stage, except that
/// the first stage starts after the max-pool either way. Node names are not trusted: a CNTK export numbers them
/// arbitrarily.
/// </summary>
internal static class ResNetTrunkReader
{
    /// <summary>The stages the style and content losses read (layer1 to layer3); deeper ones are not imported.</summary>
    public const int Stages = 3;

    public const string StemTap = "relu1";

    public static IReadOnlyList<FeatureStatement> Read(OnnxGraph graph)
    {
        OnnxValueInfo[] inputs = [.. graph.DataInputs];
        if (inputs.Length != 1)
            throw new ModelImportException($"the graph has {inputs.Length} data inputs, expected 1 (an image)");
        string x = inputs[0].Name;
        var statements = new List<FeatureStatement>();

        OnnxNode stemConv = graph.OnlyConsumer(x, "Conv", "the stem convolution");
        var (stem, stemBn) = FoldedConvReader.Read(graph, stemConv, "stem", relu: true);
        if (stem.In != 3) throw new ModelImportException($"the stem {stemConv.Label} takes {stem.In} channels, expected 3");
        x = graph.OnlyConsumer(stemBn, "Relu", "the stem's ReLU").SingleOutput();
        statements.Add(new ConvStatement(stem));
        statements.Add(new TapStatement(StemTap, x));

        OnnxNode pool = graph.OnlyConsumer(x, "MaxPool", "the stem's max-pool");
        statements.Add(ReadMaxPool(pool));
        x = pool.SingleOutput();

        int channels = stem.Out, stage = 1, block = 0;
        while (true)
        {
            OnnxNode[] convs = [.. graph.Consumers(x).Where(n => n.OpType == "Conv")];
            OnnxNode[] projections = [.. convs.Where(c => KernelSize(graph, c) == 1)];
            OnnxNode[] mains = [.. convs.Except(projections)];
            // A projection ends the stage before it; the first stage may begin with one (wider ResNets do).
            bool endsStage = projections.Length > 0 && block > 0;
            if (endsStage || mains.Length == 0)
            {
                if (block == 0) throw new ModelImportException($"stage {stage} of the ResNet has no blocks after '{x}'");
                statements.Add(new TapStatement($"layer{stage}", x));
                if (stage == Stages) return statements;
                if (mains.Length == 0) throw new ModelImportException($"the graph ends after layer{stage} at '{x}'; expected layer{Stages}");
                stage++;
                block = 0;
            }
            if (mains.Length != 1 || projections.Length > 1)
                throw new ModelImportException($"'{x}' feeds {mains.Length} KxK and {projections.Length} 1x1 convolutions; a basic block has one and at most one");
            block++;
            var (statement, output) = ReadBlock(graph, x, $"layer{stage}/block{block}", mains[0], projections.FirstOrDefault(), channels);
            statements.Add(statement);
            channels = statement.Conv1.Out;
            x = output;
        }
    }

    /// <summary>From the weight's shape [out, in, K, K], which ONNX requires, rather than the optional kernel_shape.</summary>
    private static long KernelSize(OnnxGraph graph, OnnxNode conv) =>
        conv.Inputs.Count > 1 && graph.Initializers.TryGetValue(conv.Inputs[1], out var weight) && weight.Dims.Length == 4
            ? weight.Dims[3]
            : throw new ModelImportException($"{conv.Label} has no constant 4-D weight");

    private static MaxPoolStatement ReadMaxPool(OnnxNode pool)
    {
        IReadOnlyList<long> kernel = pool.RequireInts("kernel_shape"), strides = pool.IntsOr("strides", [1, 1]);
        if (kernel.Count != 2 || kernel[0] != kernel[1] || strides.Count != 2 || strides[0] != strides[1])
            throw new ModelImportException($"{pool.Label} has kernel [{string.Join(", ", kernel)}] and strides [{string.Join(", ", strides)}]; expected square and equal");
        if (pool.IntOr("ceil_mode", 0) != 0) throw new ModelImportException($"{pool.Label} uses ceil_mode, which is not supported");
        return new MaxPoolStatement("pool", (int)kernel[0], (int)strides[0], FoldedConvReader.ReadPads(pool));
    }

    private static (BlockStatement Block, string Output) ReadBlock(
        OnnxGraph graph, string x, string name, OnnxNode main, OnnxNode? projection, int channels)
    {
        var (conv1, bn1) = FoldedConvReader.Read(graph, main, name + "/conv1", relu: true);
        OnnxNode relu1 = graph.OnlyConsumer(bn1, "Relu", $"the ReLU inside {name}");
        OnnxNode conv2Node = graph.OnlyConsumer(relu1.SingleOutput(), "Conv", $"the second convolution of {name}");
        var (conv2, bn2) = FoldedConvReader.Read(graph, conv2Node, name + "/conv2", relu: false);
        OnnxNode add = graph.OnlyConsumer(bn2, "Add", $"the residual add of {name}");

        FeatureConv? shortcut = null;
        string shortcutValue = x;
        if (projection is not null)
        {
            (shortcut, shortcutValue) = FoldedConvReader.Read(graph, projection, name + "/projection", relu: false);
            if (shortcut.Pad != Padding.None || shortcut.Stride != conv1.Stride || shortcut.Out != conv1.Out)
                throw new ModelImportException($"the projection {projection.Label} of {name} is not a 1x1 conv with the block's stride and width, unpadded");
        }
        if (!add.Inputs.Contains(shortcutValue) || add.Inputs.Count != 2)
            throw new ModelImportException($"{add.Label} of {name} does not add '{shortcutValue}' (the {(projection is null ? "identity" : "projection")} shortcut)");

        if (conv1.In != channels)
            throw new ModelImportException($"{name} takes {conv1.In} channels but its input has {channels}");
        if (projection is null && (conv1.Stride != 1 || conv1.Out != channels))
            throw new ModelImportException($"{name} changes size or width ({conv1.In}->{conv1.Out}, stride {conv1.Stride}) without a projection shortcut");
        if (conv2.Kernel != conv1.Kernel || conv2.Stride != 1 || conv2.Pad != Padding.Same(conv2.Kernel) || conv2.In != conv1.Out || conv2.Out != conv1.Out)
            throw new ModelImportException($"the second convolution {conv2Node.Label} of {name} is not {conv1.Kernel}x{conv1.Kernel}, stride 1, padded {conv1.Kernel / 2} on every side, {conv1.Out}->{conv1.Out}");

        string output = graph.OnlyConsumer(add.SingleOutput(), "Relu", $"the ReLU after {name}").SingleOutput();
        return (new BlockStatement(name, conv1, conv2, shortcut), output);
    }
}
