using System.Collections.Generic;
using System.Linq;
using Cin.Generators.Model;
using Cin.Generators.Model.Features;

namespace Cin.Generators.Parsing.Features;

/// <summary>The outcome of reading one feature-network folder: a spec when it is sound, and the problems found.</summary>
internal sealed record FeatureParseResult(FeatureSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Reads a feature-network folder (<c>format cin-features 1</c>: model.txt, and weights.bin embedded beside it) into
/// a <see cref="FeatureSpec"/>: the statements, then the chain (names, channels, windows, shortcuts), the weight
/// count, and the image sizes that pass every block.
/// </summary>
internal static class FeatureParser
{
    /// <summary>Members of the generated Taps class, which a tap's property may not take.</summary>
    private static readonly string[] ReservedTapIdentifiers = { "All", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Taps" };

    public static FeatureParseResult Parse(ModelFolder folder)
    {
        var diagnostics = new DiagnosticBag();
        if (!CheckFolder(folder, diagnostics)) return new FeatureParseResult(null, diagnostics.ToArray());
        var file = folder.Topology!;
        var text = FeatureTextParser.Parse(file, diagnostics);
        if (diagnostics.HasErrors || !CheckHeader(file, text, diagnostics)) return new FeatureParseResult(null, diagnostics.ToArray());

        var (steps, values, strides) = Chain(file, text, diagnostics);
        if (steps == null) return new FeatureParseResult(null, diagnostics.ToArray());
        if (values != text.WeightCount)
        {
            diagnostics.Add(Diagnostics.WeightCount, file, text.WeightsLine,
                $"the convs need {values} values (kernels and biases) but 'weights' declares count={text.WeightCount}");
            return new FeatureParseResult(null, diagnostics.ToArray());
        }

        var heights = Sizes(file, text, (int)strides, vertical: true, diagnostics);
        var widths = heights == null ? null : Sizes(file, text, (int)strides, vertical: false, diagnostics);
        if (heights == null || widths == null) return new FeatureParseResult(null, diagnostics.ToArray());

        var spec = new FeatureSpec(folder.Directory, folder.Folder, LineLocation.Of(file.Path, text.NameLine),
            text.Name!, text.Title, text.Licence, text.Source, text.InputEncoding!, text.InputMean!.ToEquatableArray(),
            text.Storage!, text.WeightCount!.Value, text.WeightsSha256!, steps.ToEquatableArray(), heights, widths);
        return new FeatureParseResult(spec, diagnostics.ToArray());
    }

    /// <summary>A feature folder is model.txt alone (weights.bin is embedded, not read): no styles, no norms.</summary>
    private static bool CheckFolder(ModelFolder folder, DiagnosticBag diagnostics)
    {
        if (folder.SameFolderName.Count > 0)
        {
            string first = folder.SameFolderName[0];
            if (string.CompareOrdinal(first, folder.Directory) < 0)
            {
                diagnostics.AddAboutFolder(Diagnostics.DuplicateFolder, folder.AnyFile,
                    $"the model folders '{first}' and '{folder.Directory}' have the same name '{folder.Folder}', so both would embed "
                    + $"their weights as cin-models/{folder.Folder}/weights.bin; rename one of them");
            }
            return false;
        }
        if (!Naming.IsKebab(folder.Folder))
        {
            diagnostics.AddAboutFolder(Diagnostics.Folder, folder.AnyFile,
                $"model folder '{folder.Folder}' ({folder.Directory}) must be kebab-case (lower-case letters and digits joined by '-'): "
                + "its name names the embedded weights resource");
        }
        if (folder.Styles != null || folder.Norm != null)
        {
            string extra = string.Join(" and ", new[] { folder.Styles?.Name, folder.Norm?.Name }.Where(n => n != null));
            diagnostics.AddAboutFolder(Diagnostics.Folder, folder.AnyFile,
                $"model folder '{folder.Folder}' is a feature network (format cin-features 1), which has no styles, but it holds {extra}");
        }
        return !diagnostics.HasErrors;
    }

    private static bool CheckHeader(ModelFile file, FeatureText text, DiagnosticBag diagnostics)
    {
        var missing = new List<string>();
        if (text.Name == null) missing.Add("name");
        if (text.InputEncoding == null) missing.Add("input");
        if (text.WeightCount == null) missing.Add("weights");
        if (!text.Layers.Any(l => l.Keyword != FeatureKeyword.Tap)) missing.Add("a conv, maxpool or block");
        if (!text.Layers.Any(l => l.Keyword == FeatureKeyword.Tap)) missing.Add("a tap");
        if (missing.Count > 0)
        {
            diagnostics.Add(Diagnostics.Syntax, file, $"missing {string.Join(", ", missing)}");
            return false;
        }
        if (!Naming.IsKebab(text.Name!))
        {
            diagnostics.Add(Diagnostics.Syntax, file, text.NameLine,
                $"feature network name '{text.Name}' must be kebab-case (lower-case letters and digits joined by '-')");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Checks the statements in order and expands them into steps with their weight offsets: unique names (also as
    /// the convs a block expands to, and as C# identifiers), windows and channels that chain from RGB, shortcuts that
    /// fit, and totals within the limits. Reports the first problem (CIN0004) and returns null.
    /// </summary>
    private static (List<FeatureStepSpec>? Steps, long Values, long Strides) Chain(ModelFile file, FeatureText text, DiagnosticBag diagnostics)
    {
        var steps = new List<FeatureStepSpec>();
        var names = new Dictionary<string, FeatureLine>();
        var identifiers = new Dictionary<string, string>();
        var tapIdentifiers = new Dictionary<string, string>();
        int channels = 3;
        long scale = 1, offset = 0, values = 0, strides = 1;
        foreach (var line in text.Layers)
        {
            string? problem = null;
            if (line.Keyword == FeatureKeyword.Tap)
            {
                string identifier = Naming.Pascal(line.Name);
                problem =
                    steps.Count == 0 ? $"tap '{line.Name}' comes before any layer: a tap names the output of the statement before it"
                    : tapIdentifiers.TryGetValue(identifier, out string? other)
                        ? (other == line.Name ? $"tap name '{line.Name}' is used twice" : $"tap names '{other}' and '{line.Name}' both make the property {identifier}")
                    : System.Array.IndexOf(ReservedTapIdentifiers, identifier) >= 0 ? $"tap name '{line.Name}' makes the property {identifier}, which the generated Taps class has already"
                    : null;
                if (problem == null)
                {
                    tapIdentifiers[identifier] = line.Name;
                    steps.Add(new TapStepSpec(line.Name, channels, (int)scale));
                }
            }
            else
            {
                problem = NameProblem(line, names, identifiers) ?? ShapeProblem(line, channels);
                if (problem == null)
                {
                    long before = values;
                    FeatureConvSpec Conv(string name, int kernel, int stride, PadSpec pad, int inChannels, int outChannels, bool relu)
                    {
                        long kernelValues = (long)kernel * kernel * inChannels * outChannels;
                        var conv = new FeatureConvSpec(name, kernel, stride, pad, inChannels, outChannels, relu,
                            (int)System.Math.Min(offset, int.MaxValue), (int)System.Math.Min(offset + kernelValues, int.MaxValue),
                            ConvAlgorithmRules.ChooseForFeatures(kernel, stride, pad.Top, pad.Left, pad.Bottom, pad.Right, inChannels, outChannels));
                        offset += kernelValues + outChannels;
                        values += kernelValues + outChannels;
                        return conv;
                    }
                    switch (line.Keyword)
                    {
                        case FeatureKeyword.Conv:
                            steps.Add(new ConvStepSpec(Conv(line.Name, line.Kernel, line.Stride, line.Pad, line.In, line.Out, line.Relu)));
                            channels = line.Out;
                            break;
                        case FeatureKeyword.MaxPool:
                            steps.Add(new MaxPoolStepSpec(line.Name, line.Kernel, line.Stride, line.Pad, channels));
                            break;
                        default:
                            int half = line.Kernel / 2;
                            var conv1 = Conv(line.Name + "/conv1", line.Kernel, line.Stride, line.Pad, line.In, line.Out, relu: true);
                            var conv2 = Conv(line.Name + "/conv2", line.Kernel, 1, new PadSpec(half, half, half, half), line.Out, line.Out, relu: true);
                            var projection = line.Projection ? Conv(line.Name + "/projection", 1, line.Stride, default, line.In, line.Out, relu: false) : null;
                            steps.Add(new BlockStepSpec(line.Name, conv1, conv2, projection));
                            channels = line.Out;
                            break;
                    }
                    strides *= line.Stride;
                    scale *= line.Stride;
                    problem =
                        values - before > ModelParser.MaxValues ? $"this statement needs {values - before} values, more than the {ModelParser.MaxValues} a model may have"
                        : values > ModelParser.MaxValues ? $"the statements up to this one need {values} values, more than the {ModelParser.MaxValues} a model may have"
                        : strides > ModelParser.MaxScale ? $"the strides up to this one multiply to {strides}, more than the {ModelParser.MaxScale} a model may have"
                        : null;
                }
            }
            if (problem != null)
            {
                diagnostics.Add(Diagnostics.Topology, file, line.Line, problem);
                return (null, values, strides);
            }
        }
        return (steps, values, strides);
    }

    private static string? ShapeProblem(FeatureLine line, int channels)
    {
        var pad = line.Pad;
        int largestPad = System.Math.Max(System.Math.Max(pad.Top, pad.Left), System.Math.Max(pad.Bottom, pad.Right));
        if (line.Kernel < 1) return $"kernel={line.Kernel} must be at least 1";
        if (line.Stride < 1) return $"stride={line.Stride} must be at least 1";
        if (largestPad >= line.Kernel)
            return $"pad={pad} reaches a whole {line.Kernel}x{line.Kernel} window past the map (each pad must be below the kernel)";
        if (line.Keyword == FeatureKeyword.MaxPool) return null;
        if (line.In < 1 || line.Out < 1) return "channel counts must be at least 1";
        if (line.In != channels) return $"in={line.In} but the previous statement gives {channels} channels";
        if (line.Keyword != FeatureKeyword.Block) return null;
        if (line.Kernel % 2 == 0) return $"kernel={line.Kernel} must be odd in a block: conv2 pads kernel/2 on every side to keep the size";
        if (!line.Projection && (line.Stride != 1 || line.In != line.Out))
            return $"an identity shortcut needs stride=1 and in=out (here stride={line.Stride}, in={line.In}, out={line.Out}); use shortcut=projection";
        if (!line.Projection && pad.Top + pad.Bottom != line.Kernel - 1 || !line.Projection && pad.Left + pad.Right != line.Kernel - 1)
            return $"an identity shortcut needs conv1 to keep the size: pad={pad} must add up to kernel-1={line.Kernel - 1} across each axis";
        return null;
    }

    /// <summary>
    /// A statement's name must be new, and so must the convs a block stands for (NAME/conv1, NAME/conv2,
    /// NAME/projection) and the C# fields made of them. Records them when they all are.
    /// </summary>
    private static string? NameProblem(FeatureLine line, Dictionary<string, FeatureLine> names, Dictionary<string, string> identifiers)
    {
        var own = line.Keyword == FeatureKeyword.Block
            ? new[] { line.Name, line.Name + "/conv1", line.Name + "/conv2", line.Name + "/projection" }
            : new[] { line.Name };
        foreach (string name in own)
        {
            if (names.TryGetValue(name, out var owner))
            {
                return owner.Name == name
                    ? $"name '{name}' is used twice (line {owner.Line.Number + 1})"
                    : $"name '{name}' is taken by block '{owner.Name}' on line {owner.Line.Number + 1}, whose convs are {owner.Name}/conv1, /conv2 and /projection";
            }
            string identifier = Naming.LayerField(name);
            if (identifiers.TryGetValue(identifier, out string? other))
            {
                return $"name '{name}' makes the C# field {identifier}, as '{other}' does; "
                    + "names must differ in their letters and digits, not only in '/', '_' or '-'";
            }
        }
        foreach (string name in own)
        {
            names[name] = line;
            identifiers[Naming.LayerField(name)] = name;
        }
        return null;
    }

    private static SizeRule? Sizes(ModelFile file, FeatureText text, int modulus, bool vertical, DiagnosticBag diagnostics)
    {
        var steps = text.Layers.Select(l => l.Keyword == FeatureKeyword.Tap
                ? new SizeRules.AxisStep(l, 0, 0, 0, 0, 0, false)
                : new SizeRules.AxisStep(l, l.Kernel, l.Stride, vertical ? l.Pad.Top : l.Pad.Left, vertical ? l.Pad.Bottom : l.Pad.Right,
                    l.Keyword == FeatureKeyword.Block && l.Projection ? l.Stride : 0,
                    l.Keyword == FeatureKeyword.Block && !l.Projection))
            .ToList();
        var (rule, failing) = SizeRules.Find(steps, modulus);
        if (rule == null)
        {
            diagnostics.Add(Diagnostics.Topology, file, failing!.Line,
                $"block '{failing.Name}': its main path and its shortcut disagree in size for every input {(vertical ? "height" : "width")}, so no image fits");
        }
        return rule;
    }
}
