using System.Collections.Generic;
using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>
/// Writes a model's network class: its layers, their kernels packed from weights.bin at load for the algorithm the
/// spec records, and a straight-line Forward of one line per layer or residual block. Every decision (algorithm, where
/// each norm is applied) is read from the spec, made there by <see cref="ConvAlgorithmRules"/>; this only prints.
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

        foreach (var layer in layers)
            w.Line($"private readonly ConvLayer {Naming.LayerField(layer.Name)};");
        w.Line("private readonly NetworkStep[] _steps;");
        w.Line();

        w.Line("/// <summary>Packs a copy of the kernels of weights.bin (HWIO, in model.txt order); see the array overload.</summary>")
            .Line($"public {model.ClassName}(ReadOnlySpan<float> weights) : this(weights.ToArray())")
            .Open("")
            .Close()
            .Line()
            .Line("/// <summary>")
            .Line("/// Packs the kernels of weights.bin (HWIO, in model.txt order) for each layer's algorithm, and keeps the array")
            .Line("/// itself, not a copy, for the backward pass's kernels, which are turned from it on first use.")
            .Line("/// </summary>")
            .Open($"public {model.ClassName}(float[] weights)")
            .Line("if (weights.Length != WeightCount)")
            .Line("    throw new ArgumentException(")
            .Line($"        $\"The {model.Name} model has {{WeightCount}} weights, not {{weights.Length}}.\", nameof(weights));");
        foreach (var layer in layers)
        {
            // One line for what the layer is and where its kernel and its style row are, one for its shape and how it runs.
            w.Wrapped($"{Naming.LayerField(layer.Name)} = new ConvLayer(", new[]
            {
                new[] { Literals.String(layer.Name), $"weights.AsMemory({layer.WeightOffset}, {layer.WeightCount})" },
                new[]
                {
                    $"kernel: {layer.Kernel}", $"stride: {layer.Stride}", $"upsample: {layer.Upsample}",
                    $"inChannels: {layer.InChannels}", $"outChannels: {layer.OutChannels}",
                    $"Activation.{Activation(layer.Activation)}", $"ConvAlgorithm.{layer.Algorithm}", $"normIndex: {layer.NormIndex}",
                },
            }, ");");
        }
        // The same steps as Forward, in the same order, for runs that schedule the layers themselves.
        w.Line("_steps =").Line("[");
        foreach (var block in model.Blocks)
        {
            if (block.IsResidual)
                w.Line($"    NetworkStep.Residual({Naming.LayerField(block.Layers[0].Name)}, {Naming.LayerField(block.Layers[1].Name)}),");
            else
                foreach (var layer in block.Layers)
                    w.Line($"    NetworkStep.Layer({Naming.LayerField(layer.Name)}),");
        }
        w.Line("];");
        w.Close().Line();

        w.Line("/// <summary>Loads the weights embedded in this assembly and packs them.</summary>")
            .Line($"public static {model.ClassName} LoadEmbedded() =>")
            .Line($"    new(WeightsResource.Read(typeof({model.ClassName}).Assembly, WeightsResourceName, WeightCount, WeightsSha256));")
            .Line()
            .Line("public override ModelInfo Info => Model;")
            .Line()
            .Line("public override int NormLayerCount => LayerCount;")
            .Line()
            .Line("public override System.Collections.Generic.IReadOnlyList<NetworkStep> Steps => _steps;")
            .Line();

        // One line per step, with what it computes beside it. A norm left to the next layer (out norm) is read by it
        // as its input arrives (x, norm); they share one variable, declared where it is first written.
        var steps = new List<(string Code, string Comment)>();
        bool normDeclared = false;
        foreach (var block in model.Blocks)
        {
            if (block.IsResidual)
            {
                var conv1 = block.Layers[0];
                steps.Add(($"x = Residual(x, {Naming.LayerField(conv1.Name)}, {Naming.LayerField(block.Layers[1].Name)}, style, run);",
                    $"x + CIN(conv(relu(CIN(conv(x))))), {conv1.Kernel}x{conv1.Kernel}, {conv1.OutChannels} channels ({conv1.Algorithm})"));
                continue;
            }
            foreach (var layer in block.Layers)
            {
                var arguments = new List<string> { "x" };
                if (layer.ReadsInputNorm) arguments.Add("norm");
                arguments.Add("style");
                arguments.Add("run");
                if (layer.Norm == NormPlacement.NextLayer)
                {
                    arguments.Add(normDeclared ? "out norm" : "out DeferredNorm norm");
                    normDeclared = true;
                }
                steps.Add(($"x = {Naming.LayerField(layer.Name)}.Forward({string.Join(", ", arguments)});", Describe(layer)));
            }
        }
        int width = steps.Max(step => step.Code.Length);
        w.Open("protected override FeatureMap Forward(FeatureMap x, StyleParameters style, RunContext run)");
        foreach (var (code, comment) in steps)
            w.Line($"{code.PadRight(width)} // {comment}");
        w.Line("return x;").Close();

        EmitTraining(w, model);

        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// The training forward (Forward's steps, each keeping its record on the tape, every norm applied in place) and
    /// the backward pass: the same steps in reverse, one line each, with what each takes the gradient through. The
    /// first layer's input is the image, which needs no gradient: that layer stops at its gamma and beta.
    /// </summary>
    private static void EmitTraining(CodeWriter w, ModelSpec model)
    {
        var forward = new List<(string Code, string Comment)>();
        var backward = new List<(string Code, string Comment)>();
        bool first = true;
        foreach (var block in model.Blocks)
        {
            if (block.IsResidual)
            {
                var conv1 = block.Layers[0];
                string fields = $"{Naming.LayerField(conv1.Name)}, {Naming.LayerField(block.Layers[1].Name)}";
                forward.Add(($"x = ResidualForTraining(x, {fields}, style, tape);", $"x + CIN(conv(relu(CIN(conv(x))))), {conv1.Kernel}x{conv1.Kernel}, {conv1.OutChannels} channels"));
                backward.Add(($"dy = ResidualBackward(dy, {fields}, tape, gradient);", $"dy + block'(dy), {conv1.Kernel}x{conv1.Kernel}, {conv1.OutChannels} channels"));
                first = false;
                continue;
            }
            foreach (var layer in block.Layers)
            {
                string field = Naming.LayerField(layer.Name);
                forward.Add(($"x = {field}.ForwardForTraining(x, style, tape);", Describe(layer)));
                backward.Add(first
                    ? ($"{field}.BackwardToStyle(dy, tape, gradient);", $"{layer.Activation}', CIN': gamma and beta only")
                    : ($"dy = {field}.Backward(dy, tape, gradient);", DescribeBackward(layer)));
                first = false;
            }
        }
        backward.Reverse();

        w.Line();
        int width = forward.Max(step => step.Code.Length);
        w.Open("protected override FeatureMap ForwardForTraining(FeatureMap x, StyleParameters style, TrainingTape tape)");
        foreach (var (code, comment) in forward)
            w.Line($"{code.PadRight(width)} // {comment}");
        w.Line("return x;").Close();

        w.Line();
        width = backward.Max(step => step.Code.Length);
        w.Open("protected override void Backward(FeatureMap dy, TrainingTape tape, StyleGradient gradient)");
        foreach (var (code, comment) in backward)
            w.Line($"{code.PadRight(width)} // {comment}");
        w.Close();
    }

    private static string DescribeBackward(LayerSpec layer) =>
        $"{layer.Activation}', CIN', {layer.Kernel}x{layer.Kernel}{(layer.Stride > 1 ? $" stride {layer.Stride}" : "")}, "
        + $"{layer.OutChannels} -> {layer.InChannels}{(layer.Upsample > 1 ? $", sum over x{layer.Upsample} blocks" : "")}";

    private static string Describe(LayerSpec layer) =>
        (layer.Upsample > 1 ? $"nearest x{layer.Upsample}, " : "")
        + $"{layer.Kernel}x{layer.Kernel}{(layer.Stride > 1 ? $" stride {layer.Stride}" : "")}, {layer.InChannels} -> {layer.OutChannels}, "
        + $"CIN, {layer.Activation} ({layer.Algorithm})";

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
