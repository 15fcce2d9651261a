using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>
/// Writes a model's network class: the layer shapes as constants, the kernels packed from weights.bin at load, and a
/// straight-line Forward that calls the engine's layers in the model's order.
/// </summary>
internal static class NetworkEmitter
{
    public static string Emit(ModelSpec model, string ns)
    {
        var layers = model.Blocks.SelectMany(b => b.Layers).ToList();
        var w = CodeWriter.File($"the model folder '{model.Folder}'",
            "System", "Cin.Engine", "Cin.Engine.Kernels", "Cin.Engine.Network");
        w.Line()
            .Line($"namespace {ns};")
            .Line()
            .Line($"/// <summary>{Xml(model.Title)} (model '{model.Name}', compiled from its folder '{model.Folder}').</summary>")
            .Open($"public sealed partial class {model.ClassName} : StyleNetwork");

        w.Line($"public const int StyleCount = {model.Styles.Count};")
            .Line($"public const int LayerCount = {layers.Count};")
            .Line($"public const int WeightCount = {model.WeightCount};")
            .Line($"public const string WeightsSha256 = {Literals.String(model.WeightsSha256)};")
            .Line($"public const string WeightsResourceName = {Literals.String(model.ResourceName)};")
            .Line($"/// <summary>Input sides must be multiples of this: the product of the strides.</summary>")
            .Line($"public const int SizeMultiple = {model.SizeMultiple};")
            .Line($"/// <summary>The smallest input side for which every reflect pad fits inside its map.</summary>")
            .Line($"public const int MinimumSize = {model.MinimumSize};")
            .Line();

        w.Line("/// <summary>Each layer's kernel size, stride, upsampling and channels, as in model.txt.</summary>")
            .Open("public static class Shapes");
        foreach (var layer in layers)
        {
            string id = Naming.Pascal(layer.Name);
            w.Wrapped("public const int ", new[]
            {
                new[] { $"{id}Kernel = {layer.Kernel}", $"{id}Stride = {layer.Stride}", $"{id}Upsample = {layer.Upsample}" },
                new[] { $"{id}In = {layer.InChannels}", $"{id}Out = {layer.OutChannels}" },
            }, ";");
        }
        w.Close().Line();

        foreach (var layer in layers)
            w.Line($"private readonly ConvLayer {Field(layer)};");
        w.Line();

        w.Line("/// <summary>Packs the kernels of weights.bin (HWIO, in model.txt order) for each layer's algorithm.</summary>")
            .Open($"public {model.ClassName}(ReadOnlySpan<float> weights)")
            .Line("if (weights.Length != WeightCount)")
            .Line("    throw new ArgumentException(")
            .Line($"        $\"The {model.Name} model has {{WeightCount}} weights, not {{weights.Length}}.\", nameof(weights));");
        foreach (var layer in layers)
        {
            // One line for what the layer is, one for its kernel, one for its channels and how it runs.
            string id = "Shapes." + Naming.Pascal(layer.Name);
            w.Wrapped($"{Field(layer)} = new ConvLayer(", new[]
            {
                new[] { Literals.String(layer.Name), $"weights.Slice({layer.WeightOffset}, {layer.WeightCount})" },
                new[] { $"{id}Kernel", $"{id}Stride", $"{id}Upsample" },
                new[] { $"{id}In", $"{id}Out", $"Activation.{Activation(layer.Activation)}", $"ConvAlgorithm.{AlgorithmChoice.For(layer)}" },
            }, ");");
        }
        w.Close().Line();

        w.Line("/// <summary>Loads the weights embedded in this assembly and packs them.</summary>")
            .Line($"public static {model.ClassName} LoadEmbedded() =>")
            .Line($"    new(WeightsResource.Read(typeof({model.ClassName}).Assembly, WeightsResourceName, WeightCount, WeightsSha256));")
            .Line()
            .Line("public override ModelInfo Info => Model;")
            .Line()
            .Line("public override int NormLayerCount => LayerCount;")
            .Line();

        // Each activation is released to the run's workspace as soon as nothing reads it again; a residual block's
        // input stays alive as the skip until the add.
        w.Open("protected override FeatureMap Forward(FeatureMap x, StyleParameters style, RunContext run)");
        string? pendingNorm = null;
        for (int b = 0; b < model.Blocks.Count; b++)
        {
            var block = model.Blocks[b];
            if (block.IsResidual)
            {
                w.Line($"// {block.Name}: x + CIN(conv(relu(CIN(conv(x)))))")
                    .Open("")
                    .Line("var skip = x;");
                // The last norm is applied together with the skip connection, in one pass.
                var last = block.Layers[block.Layers.Count - 1];
                foreach (var layer in block.Layers)
                {
                    if (layer == last) continue;
                    EmitLayerCall(w, layer, first: layer == block.Layers[0]);
                }
                string norm = $"norm{last.NormIndex}";
                string input = last == block.Layers[0] ? "skip" : "x";
                string call = $"{Field(last)}.RunDeferringNorm({input}, null, style.Gamma({last.NormIndex}), style.Beta({last.NormIndex}), run, out var {norm})";
                w.Line(last == block.Layers[0] ? $"x = {call};" : $"x = run.Replace(x, {call});")
                    .Line($"x = AddResidual(x, {norm}, skip, run);")
                    .Close();
            }
            else
            {
                var layer = block.Layers[0];
                bool defer = b + 1 < model.Blocks.Count && ReadsThroughNorm(model.Blocks[b + 1]);
                w.Line($"// {layer.Name}: {Describe(layer)}{(defer ? "; its norm is applied by the next layer as it reads" : "")}");
                string input = pendingNorm ?? "null";
                if (defer)
                {
                    string norm = $"norm{layer.NormIndex}";
                    w.Line($"x = run.Replace(x, {Field(layer)}.RunDeferringNorm(x, {input}, style.Gamma({layer.NormIndex}), style.Beta({layer.NormIndex}), run, out var {norm}));");
                    pendingNorm = norm;
                    continue;
                }
                if (pendingNorm != null)
                    w.Line($"x = run.Replace(x, {Field(layer)}.Run(x, {pendingNorm}, style.Gamma({layer.NormIndex}), style.Beta({layer.NormIndex}), run));");
                else
                    EmitLayerCall(w, layer, first: false);
            }
            pendingNorm = null;
        }
        w.Line("return x;").Close();

        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// Whether a block's layer can take its input before the previous layer's norm, applying it as it reads: a direct
    /// convolution without upsampling, outside a residual block (whose skip needs the normalized map).
    /// </summary>
    private static bool ReadsThroughNorm(BlockSpec block) =>
        !block.IsResidual && block.Layers[0].Upsample == 1 && AlgorithmChoice.For(block.Layers[0]) == "Direct";

    /// <summary>The first layer of a residual block reads the skip, which must stay alive; any other layer's input dies.</summary>
    private static void EmitLayerCall(CodeWriter w, LayerSpec layer, bool first)
    {
        string call = $"{Field(layer)}.Run({(first ? "skip" : "x")}, style.Gamma({layer.NormIndex}), style.Beta({layer.NormIndex}), run)";
        w.Line(first ? $"x = {call};" : $"x = run.Replace(x, {call});");
    }

    private static string Describe(LayerSpec layer) =>
        (layer.Upsample > 1 ? $"nearest x{layer.Upsample}, " : "")
        + $"{layer.Kernel}x{layer.Kernel} conv stride {layer.Stride}, {layer.InChannels} -> {layer.OutChannels}, CIN, {layer.Activation} ({AlgorithmChoice.For(layer)})";

    private static string Field(LayerSpec layer) => "_" + Naming.Camel(layer.Name);

    private static string Activation(string name) => name switch
    {
        "relu" => "Relu",
        "sigmoid" => "Sigmoid",
        _ => "None",
    };

    /// <summary>
    /// Free text for a one-line /// comment: XML-escaped, with control characters and the characters C# takes as line
    /// breaks (CR, LF, U+0085, U+2028, U+2029) turned into spaces, so the text cannot end the comment.
    /// </summary>
    internal static string Xml(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(char.IsControl(c) || Literals.IsLineBreak(c) ? ' ' : c); break;
            }
        }
        return sb.ToString();
    }
}
