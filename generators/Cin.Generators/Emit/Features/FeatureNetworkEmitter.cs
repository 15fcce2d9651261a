using System.Collections.Generic;
using System.Linq;
using Cin.Generators.Model;
using Cin.Generators.Model.Features;

namespace Cin.Generators.Emit.Features;

/// <summary>
/// Writes a feature network's class: its layers, built from weights.bin at load; the image sizes it accepts; and a
/// straight-line Forward of one line per statement that returns the taps; and its training twins, ForwardForTraining
/// (Forward keeping every layer's input and output) and Backward (Forward's lines in reverse, from the last tap down
/// to the image, each earlier tap's gradient joining as it is passed). Every decision (offsets, expanded blocks,
/// size rules) is read from the spec; this only prints.
/// </summary>
internal static class FeatureNetworkEmitter
{
    public static string Emit(FeatureSpec spec, string ns)
    {
        var w = CodeWriter.File($"the feature network folder '{spec.Folder}'",
            "System", "System.Collections.Generic", "Cin.Engine", "Cin.Engine.Features", "Cin.Engine.Kernels", "Cin.Engine.Kernels.Features");
        var taps = spec.Steps.OfType<TapStepSpec>().ToList();
        w.Line()
            .Line($"namespace {ns};")
            .Line()
            .Line("/// <summary>")
            .Line($"/// {NetworkEmitter.Xml(spec.Title)}")
            .Line($"/// (feature network '{spec.Name}', compiled from its folder '{spec.Folder}').")
            .Line("/// </summary>")
            .Open($"public sealed partial class {spec.ClassName}");

        w.Line($"public const string Name = {Literals.String(spec.Name)};")
            .Line($"public const int WeightCount = {Literals.Int(spec.WeightCount)};")
            .Line($"public const string WeightsSha256 = {Literals.String(spec.WeightsSha256)};")
            .Line($"public const string WeightsResourceName = {Literals.String(spec.ResourceName)};")
            .Line($"/// <summary>How weights.bin stores its values: float32 or float16.</summary>")
            .Line($"public const string WeightsStorage = {Literals.String(spec.Storage)};")
            .Line($"/// <summary>Image heights must be at least this; smaller, some map would be smaller than its window.</summary>")
            .Line($"public const int MinimumHeight = {Literals.Int(spec.Heights.Minimum)};")
            .Line($"public const int MinimumWidth = {Literals.Int(spec.Widths.Minimum)};")
            .Line($"/// <summary>The product of the strides: whether a size is accepted depends on its remainder by this.</summary>")
            .Line($"public const int SizeModulus = {Literals.Int(spec.Heights.Modulus)};")
            .Line()
            .Line($"/// <summary>The {spec.InputEncoding} input's means, in the network's channel order (blue, green, red).</summary>")
            .Line($"public static ReadOnlySpan<float> InputMean => [{string.Join(", ", spec.InputMean.Select(Literals.Float))}];")
            .Line()
            .Line("/// <summary>The taps, in the order Forward reaches them.</summary>")
            .Line($"public static IReadOnlyList<string> TapNames {{ get; }} = [{string.Join(", ", taps.Select(t => Literals.String(t.Name)))}];")
            .Line();

        foreach (var step in spec.Steps)
        {
            switch (step)
            {
                case ConvStepSpec c: w.Line($"private readonly PaddedConvLayer {Naming.LayerField(c.Name)};"); break;
                case MaxPoolStepSpec p: w.Line($"private readonly MaxPoolLayer {Naming.LayerField(p.Name)};"); break;
                case BlockStepSpec b: w.Line($"private readonly BasicBlockLayer {Naming.LayerField(b.Name)};"); break;
            }
        }
        w.Line();

        EmitConstructor(w, spec);
        w.Line("/// <summary>Loads the weights embedded in this assembly, checked by count and SHA-256, and packs them.</summary>")
            .Line($"public static {spec.ClassName} LoadEmbedded() =>")
            .Line($"    new(FeatureWeights.Read(typeof({spec.ClassName}).Assembly, WeightsResourceName, WeightCount, WeightsSha256, WeightsStorage));")
            .Line();
        EmitSizes(w, spec);
        EmitForward(w, spec, taps);
        EmitForwardTo(w, spec, taps);
        EmitTraining(w, spec, taps);
        EmitTaps(w, taps);
        w.Close();
        return w.ToString();
    }

    private static void EmitConstructor(CodeWriter w, FeatureSpec spec)
    {
        w.Line("/// <summary>Builds the layers from weights.bin's values: each conv's kernel (HWIO), then its biases, in model.txt order.</summary>")
            .Open($"public {spec.ClassName}(ReadOnlySpan<float> weights)")
            .Line("if (weights.Length != WeightCount)")
            .Line("    throw new ArgumentException(")
            .Line($"        $\"The {spec.Name} feature network has {{WeightCount}} weights, not {{weights.Length}}.\", nameof(weights));");
        foreach (var step in spec.Steps)
        {
            switch (step)
            {
                case ConvStepSpec c:
                    w.Wrapped($"{Naming.LayerField(c.Name)} = new PaddedConvLayer(", ConvArguments(c.Conv), ");");
                    break;
                case MaxPoolStepSpec p:
                    w.Line($"{Naming.LayerField(p.Name)} = new MaxPoolLayer({Literals.String(p.Name)}, kernel: {p.Kernel}, stride: {p.Stride}, {Pad(p.Pad)});");
                    break;
                case BlockStepSpec b:
                    w.Line($"{Naming.LayerField(b.Name)} = new BasicBlockLayer({Literals.String(b.Name)},");
                    w.Wrapped("    new PaddedConvLayer(", ConvArguments(b.Conv1), "),", hangingIndent: 8);
                    w.Wrapped("    new PaddedConvLayer(", ConvArguments(b.Conv2), "),", hangingIndent: 8);
                    if (b.Projection != null) w.Wrapped("    new PaddedConvLayer(", ConvArguments(b.Projection), "));", hangingIndent: 8);
                    else w.Line("    projection: null);");
                    break;
            }
        }
        w.Close().Line();
    }

    /// <summary>One line for what the conv is and where its values are, one for its shape.</summary>
    private static string[][] ConvArguments(FeatureConvSpec c) => new[]
    {
        new[] { Literals.String(c.Name), $"weights.Slice({c.WeightOffset}, {c.KernelValues})", $"weights.Slice({c.BiasOffset}, {c.OutChannels})" },
        new[]
        {
            $"kernel: {c.Kernel}", $"stride: {c.Stride}", Pad(c.Pad), $"inChannels: {c.InChannels}", $"outChannels: {c.OutChannels}",
            $"Activation.{(c.Relu ? "Relu" : "None")}", $"ConvAlgorithm.{c.Algorithm}",
        },
    };

    private static string Pad(PadSpec pad) =>
        $"new ZeroPadding({pad.Top}, {pad.Left}, {pad.Bottom}, {pad.Right})";

    private static void EmitSizes(CodeWriter w, FeatureSpec spec)
    {
        w.Line($"/// <summary>Whether an image of this height passes every layer and block: {Describe(spec.Heights)}.</summary>")
            .Line($"public static bool AcceptsHeight(int height) => height >= MinimumHeight && {Remainders("height", spec.Heights)};")
            .Line()
            .Line($"/// <summary>Whether an image of this width passes every layer and block: {Describe(spec.Widths)}.</summary>")
            .Line($"public static bool AcceptsWidth(int width) => width >= MinimumWidth && {Remainders("width", spec.Widths)};")
            .Line()
            .Line("/// <summary>The image sizes the network accepts, in words.</summary>")
            .Line("public const string SizeRule =")
            .Line($"    {Literals.String(Rule(spec))};")
            .Line()
            .Line("/// <summary>Why an image of this size cannot run, in one sentence; null when it can.</summary>")
            .Line("public static string? SizeProblem(int height, int width) =>")
            .Line("    AcceptsHeight(height) && AcceptsWidth(width) ? null")
            .Line("    : $\"A {width}x{height} image does not fit the feature network {Name}: {SizeRule}.\";")
            .Line();
    }

    private static string Rule(FeatureSpec spec) =>
        spec.Heights == spec.Widths
            ? $"its height and width must each be {Describe(spec.Heights)}"
            : $"its height must be {Describe(spec.Heights)}, and its width {Describe(spec.Widths)}";

    /// <summary>"at least 4, and 0 to 3 more than a multiple of 16".</summary>
    private static string Describe(SizeRule rule)
    {
        string ranges = string.Join(", ", rule.Accepted.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First} to {r.Last}"));
        return rule.Accepted.Count == 1 && rule.Accepted[0].First == 0 && rule.Accepted[0].Last == rule.Modulus - 1
            ? $"at least {rule.Minimum}"
            : $"at least {rule.Minimum}, and {ranges} more than a multiple of {rule.Modulus}";
    }

    private static string Remainders(string variable, SizeRule rule) =>
        rule.Accepted.Count == 1 && rule.Accepted[0].First == 0 && rule.Accepted[0].Last == rule.Modulus - 1
            ? "true"
            : $"({variable} % SizeModulus) is " + string.Join(" or ", rule.Accepted.Select(r =>
                r.First == r.Last ? Literals.Int(r.First) : $">= {r.First} and <= {r.Last}"));

    private static void EmitForward(CodeWriter w, FeatureSpec spec, List<TapStepSpec> taps)
    {
        var lines = new List<(string Code, string Comment)>();
        foreach (var step in spec.Steps)
        {
            switch (step)
            {
                case ConvStepSpec c:
                    lines.Add(($"x = {Naming.LayerField(c.Name)}.Forward(x, threads);", Describe(c.Conv)));
                    break;
                case MaxPoolStepSpec p:
                    lines.Add(($"x = {Naming.LayerField(p.Name)}.Forward(x, threads);",
                        $"max {p.Kernel}x{p.Kernel}{Stride(p.Stride)}, pad {p.Pad}, {p.Channels} channels"));
                    break;
                case BlockStepSpec b:
                    lines.Add(($"x = {Naming.LayerField(b.Name)}.Forward(x, threads);",
                        $"relu({b.Conv1.Kernel}x{b.Conv1.Kernel}{Stride(b.Conv1.Stride)} pad {b.Conv1.Pad}, {b.Conv2.Kernel}x{b.Conv2.Kernel} + "
                        + $"{(b.Projection == null ? "x" : $"1x1{Stride(b.Projection.Stride)} projection")}), {b.Conv1.InChannels} -> {b.Conv1.OutChannels}"));
                    break;
                case TapStepSpec t:
                    lines.Add(($"var {TapLocal(t)} = x;", $"tap {t.Name}: {t.Channels} channels at 1/{t.Scale}"));
                    break;
            }
        }
        int width = lines.Max(l => l.Code.Length);
        w.Line("/// <summary>")
            .Line("/// Runs the network on an RGB image in [0, 1] (channels-last) and returns its taps. The maps are new; nothing")
            .Line("/// is written to the image. Throws ArgumentException when <see cref=\"SizeProblem\"/> rejects the image's size.")
            .Line("/// </summary>")
            .Open("public Taps Forward(FeatureMap rgb, int threads = 1)")
            .Line("ArgumentNullException.ThrowIfNull(rgb);")
            .Line($"if (rgb.Channels != 3) throw new ArgumentException($\"The image has {{rgb.Channels}} channels, not 3 (RGB).\", nameof(rgb));")
            .Line("if (SizeProblem(rgb.Height, rgb.Width) is { } problem) throw new ArgumentException(problem, nameof(rgb));")
            .Line($"// {spec.InputEncoding}: BGR, 0..255, minus the means.")
            .Line("var x = Bgr255Input.Apply(rgb, InputMean, FeatureMap.Uninitialized(rgb.Height, rgb.Width, 3));");
        foreach (var (code, comment) in lines) w.Line($"{code.PadRight(width)} // {comment}");
        w.Line($"return new Taps({string.Join(", ", taps.Select(TapLocal))});").Close().Line();
    }

    /// <summary>Forward's lines again, returning once the asked-for tap is reached: the layers after it never run.</summary>
    private static void EmitForwardTo(CodeWriter w, FeatureSpec spec, List<TapStepSpec> taps)
    {
        var lines = new List<(string Code, string Comment)>();
        foreach (var step in spec.Steps)
        {
            switch (step)
            {
                case ConvStepSpec or MaxPoolStepSpec:
                    lines.Add(($"x = {Naming.LayerField(step.Name)}.Forward(x, threads);", step.Name));
                    break;
                case BlockStepSpec b:
                    lines.Add(($"x = {Naming.LayerField(b.Name)}.Forward(x, threads);", b.Name));
                    break;
                case TapStepSpec t:
                    lines.Add(($"if (tap == {taps.IndexOf(t)}) return x;", $"tap {t.Name}"));
                    break;
            }
        }
        int width = lines.Max(l => l.Code.Length);
        w.Line("/// <summary>")
            .Line("/// The map of one tap alone (its index in <see cref=\"TapNames\"/>): <see cref=\"Forward\"/>, stopped there, so the")
            .Line("/// layers after it never run. A new map; nothing is written to the image.")
            .Line("/// </summary>")
            .Open("public FeatureMap ForwardTo(int tap, FeatureMap rgb, int threads = 1)")
            .Line("ArgumentNullException.ThrowIfNull(rgb);")
            .Line("ArgumentOutOfRangeException.ThrowIfNegative(tap);")
            .Line("ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tap, TapNames.Count);")
            .Line("if (rgb.Channels != 3) throw new ArgumentException($\"The image has {rgb.Channels} channels, not 3 (RGB).\", nameof(rgb));")
            .Line("if (SizeProblem(rgb.Height, rgb.Width) is { } problem) throw new ArgumentException(problem, nameof(rgb));")
            .Line("var x = Bgr255Input.Apply(rgb, InputMean, FeatureMap.Uninitialized(rgb.Height, rgb.Width, 3));");
        foreach (var (code, comment) in lines.Take(lines.FindLastIndex(l => l.Code.StartsWith("if (tap", System.StringComparison.Ordinal))))
            w.Line($"{code.PadRight(width)} // {comment}");
        w.Line("return x;").Close().Line();
    }

    /// <summary>
    /// The training pass: a forward that keeps every layer's input and output (and a block's conv1 output) in two
    /// arrays, and a backward that reads the forward's steps in reverse, starting at the last tap (nothing after it
    /// reaches a loss), adding each earlier tap's gradient as it passes it, down to the RGB image.
    /// </summary>
    private static void EmitTraining(CodeWriter w, FeatureSpec spec, List<TapStepSpec> taps)
    {
        var forward = new List<(string Code, string Comment)>();
        var backward = new List<(string Code, string Comment, bool IsTap)>();
        var tapMaps = new List<string>();
        int layer = 0;
        foreach (var step in spec.Steps)
        {
            string field = Naming.LayerField(step.Name), input = $"maps[{layer}]", output = $"maps[{layer + 1}]";
            switch (step)
            {
                case ConvStepSpec c:
                    forward.Add(($"{output} = {field}.Forward({input}, threads);", c.Name));
                    backward.Add(($"d = {field}.Backward({input}, {output}, d, threads);", $"{c.Name}: {(c.Conv.Relu ? "relu', " : "")}conv'", false));
                    layer++;
                    break;
                case MaxPoolStepSpec p:
                    forward.Add(($"{output} = {field}.Forward({input}, threads);", p.Name));
                    backward.Add(($"d = {field}.Backward({input}, d);", $"{p.Name}: to each window's winner", false));
                    layer++;
                    break;
                case BlockStepSpec b:
                    forward.Add(($"{output} = {field}.ForwardForTraining({input}, threads, out inner[{layer}]);", b.Name));
                    backward.Add(($"d = {field}.Backward({input}, inner[{layer}], {output}, d, threads);",
                        $"{b.Name}: relu', conv2', relu', conv1' + {(b.Projection == null ? "skip" : "1x1'")}", false));
                    layer++;
                    break;
                case TapStepSpec t:
                    int index = taps.IndexOf(t);
                    tapMaps.Add($"maps[{layer}]");
                    backward.Add((index == taps.Count - 1
                        ? $"var d = TapGradient.Start(maps[{layer}], tapGradients[{index}], {Literals.String(t.Name)});"
                        : $"d = TapGradient.Join(d, tapGradients[{index}], {Literals.String(t.Name)});", $"tap {t.Name}", true));
                    break;
            }
        }
        int lastTap = backward.FindLastIndex(b => b.IsTap);
        var reversed = backward.Take(lastTap + 1).Reverse().ToList();

        w.Line("/// <summary>A forward pass kept for <see cref=\"Backward\"/>: the taps, and every layer's input and output.</summary>")
            .Open("public sealed class TrainingPass")
            .Line("internal TrainingPass(FeatureMap[] maps, FeatureMap[] inner, Taps taps)")
            .Line("{")
            .Line("    Maps = maps;")
            .Line("    Inner = inner;")
            .Line("    Taps = taps;")
            .Line("}")
            .Line()
            .Line("/// <summary>The bgr255 input, then each layer's output, in Forward's order.</summary>")
            .Line("internal FeatureMap[] Maps { get; }")
            .Line()
            .Line("/// <summary>A block's conv1 output, at the block's place; null for other layers.</summary>")
            .Line("internal FeatureMap[] Inner { get; }")
            .Line()
            .Line("public Taps Taps { get; }")
            .Close().Line();

        int forwardWidth = forward.Max(l => l.Code.Length);
        w.Line("/// <summary><see cref=\"Forward\"/>, keeping what <see cref=\"Backward\"/> needs.</summary>")
            .Open("public TrainingPass ForwardForTraining(FeatureMap rgb, int threads = 1)")
            .Line("ArgumentNullException.ThrowIfNull(rgb);")
            .Line("if (rgb.Channels != 3) throw new ArgumentException($\"The image has {rgb.Channels} channels, not 3 (RGB).\", nameof(rgb));")
            .Line("if (SizeProblem(rgb.Height, rgb.Width) is { } problem) throw new ArgumentException(problem, nameof(rgb));")
            .Line($"var maps = new FeatureMap[{layer + 1}];")
            .Line($"var inner = new FeatureMap[{layer}];")
            .Line("maps[0] = Bgr255Input.Apply(rgb, InputMean, FeatureMap.Uninitialized(rgb.Height, rgb.Width, 3));");
        foreach (var (code, comment) in forward) w.Line($"{code.PadRight(forwardWidth)} // {comment}");
        w.Line($"return new TrainingPass(maps, inner, new Taps({string.Join(", ", tapMaps)}));").Close().Line();

        int backwardWidth = reversed.Max(l => l.Code.Length);
        w.Line("/// <summary>")
            .Line("/// The gradient with respect to the RGB image (a new map) of a loss whose gradients with respect to the taps are")
            .Line("/// <paramref name=\"tapGradients\"/>, in <see cref=\"TapNames\"/> order (left as they are): Forward's steps in")
            .Line("/// reverse. Only data gradients: the weights are frozen.")
            .Line("/// </summary>")
            .Open("public FeatureMap Backward(TrainingPass pass, IReadOnlyList<FeatureMap> tapGradients, int threads = 1)")
            .Line("ArgumentNullException.ThrowIfNull(pass);")
            .Line("ArgumentNullException.ThrowIfNull(tapGradients);")
            .Line("if (tapGradients.Count != TapNames.Count)")
            .Line("    throw new ArgumentException($\"{tapGradients.Count} tap gradients given, not {TapNames.Count}.\", nameof(tapGradients));")
            .Line("var (maps, inner) = (pass.Maps, pass.Inner);");
        foreach (var (code, comment, _) in reversed) w.Line($"{code.PadRight(backwardWidth)} // {comment}");
        w.Line("// bgr255: the means drop out; the channels go back to RGB, scaled by 255.")
            .Line("return Bgr255InputGradient.Apply(d, FeatureMap.Uninitialized(d.Height, d.Width, 3));").Close().Line();
    }

    private static string Describe(FeatureConvSpec c) =>
        $"{c.Kernel}x{c.Kernel}{Stride(c.Stride)}, pad {c.Pad}, {c.InChannels} -> {c.OutChannels}, bias, {(c.Relu ? "relu" : "none")}"
        + (c.Algorithm == ConvAlgorithm.Direct ? "" : $", {c.Algorithm}");

    private static string Stride(int stride) => stride > 1 ? $"/{stride}" : "";

    private static string TapLocal(TapStepSpec tap) => "tap" + Naming.Pascal(tap.Name);

    private static void EmitTaps(CodeWriter w, List<TapStepSpec> taps)
    {
        w.Line("/// <summary>The maps the losses read, by tap name.</summary>")
            .Open("public sealed class Taps");
        w.Line($"internal Taps({string.Join(", ", taps.Select(t => "FeatureMap " + TapLocal(t)))})").Line("{");
        foreach (var tap in taps) w.Line($"    {Naming.Pascal(tap.Name)} = {TapLocal(tap)};");
        w.Wrapped("    All = [", taps.Select(t => $"new FeatureTap({Literals.String(t.Name)}, {TapLocal(t)})").ToList(), "];", hangingIndent: 8)
            .Line("}").Line();
        foreach (var tap in taps)
        {
            w.Line($"/// <summary>Tap {NetworkEmitter.Xml(tap.Name)}: {tap.Channels} channels at 1/{tap.Scale} of the image's size.</summary>")
                .Line($"public FeatureMap {Naming.Pascal(tap.Name)} {{ get; }}")
                .Line();
        }
        w.Line("/// <summary>Every tap with its name, in the order Forward reaches them.</summary>")
            .Line("public IReadOnlyList<FeatureTap> All { get; }")
            .Close();
    }
}
