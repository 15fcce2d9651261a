using System.Collections.Generic;
using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Parsing;

/// <summary>The outcome of reading one model folder: a spec when it is sound, and the problems found.</summary>
internal sealed record ParseResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Reads a model folder's three text files into a <see cref="ModelSpec"/>, checking them against each other.</summary>
internal static class ModelParser
{
    /// <summary>
    /// The most floats a model may have, in its kernels and in each of its gamma and beta tables: 2^28, 1 GiB of
    /// float32. It keeps every count and offset the generated code uses well inside an int.
    /// </summary>
    public const int MaxValues = 1 << 28;

    /// <summary>The largest product of strides (or of upsampling factors) a model may have, and so its SizeMultiple.</summary>
    public const int MaxScale = 1 << 16;

    private static readonly string[] Activations = { "relu", "sigmoid", "none" };

    public static ParseResult Parse(ModelFolder folder)
    {
        var diagnostics = new DiagnosticBag();
        if (!CheckFolder(folder, diagnostics)) return new ParseResult(null, diagnostics.ToArray());
        var modelTxt = folder.Topology!;
        var stylesTsv = folder.Styles!;
        var normTxt = folder.Norm!;

        var topology = TopologyParser.Parse(modelTxt, diagnostics);
        if (diagnostics.HasErrors) return new ParseResult(null, diagnostics.ToArray());
        if (!CheckHeader(modelTxt, topology, diagnostics) || !CheckChain(modelTxt, topology, diagnostics))
            return new ParseResult(null, diagnostics.ToArray());

        // CheckChain has bounded every layer and the total by MaxValues, so int arithmetic is safe from here on.
        var layers = Expand(topology.Layers);
        int weightTotal = layers.Sum(l => l.Line.Kernel * l.Line.Kernel * l.Line.In * l.Line.Out);
        if (weightTotal != topology.WeightCount)
        {
            diagnostics.Add(Diagnostics.WeightCount, modelTxt, topology.WeightsLine,
                $"the layers need {weightTotal} weights but 'weights' declares count={topology.WeightCount}");
            return new ParseResult(null, diagnostics.ToArray());
        }

        var styles = StylesParser.Parse(stylesTsv, diagnostics);
        if (!diagnostics.HasErrors && styles.Count != topology.StyleCount)
            diagnostics.Add(Diagnostics.Styles, stylesTsv,
                $"model.txt declares {topology.StyleCount} styles but styles.tsv lists {styles.Count}");
        if (diagnostics.HasErrors) return new ParseResult(null, diagnostics.ToArray());

        // Each parameter's table holds styles x channels floats for every layer.
        long tableValues = (long)topology.StyleCount!.Value * layers.Sum(l => (long)l.Line.Out);
        if (tableValues > MaxValues)
        {
            diagnostics.Add(Diagnostics.Topology, modelTxt, topology.StylesLine,
                $"{topology.StyleCount} styles of {tableValues / topology.StyleCount.Value} channels make {tableValues} gamma (and as many beta) values, more than the {MaxValues} a model may have");
            return new ParseResult(null, diagnostics.ToArray());
        }

        var channels = layers.ToDictionary(l => l.Name, l => l.Line.Out);
        var tables = NormParser.Parse(normTxt, channels, topology.StyleCount.Value, diagnostics);
        if (diagnostics.HasErrors) return new ParseResult(null, diagnostics.ToArray());

        var decisions = Decide(layers);
        var blocks = new List<BlockSpec>();
        int normIndex = 0, offset = 0;
        foreach (var line in topology.Layers)
        {
            var members = layers.Where(l => l.Owner == line).Select(l =>
            {
                var (algorithm, readsInputNorm, norm) = decisions[normIndex];
                var spec = new LayerSpec(l.Name, l.Line.Kernel, l.Line.Stride, l.Line.In, l.Line.Out, l.Activation,
                    l.Line.Upsample, normIndex++, offset, tables.Gamma[l.Name].ToEquatableArray(), tables.Beta[l.Name].ToEquatableArray(),
                    algorithm, readsInputNorm, norm);
                offset += spec.WeightCount;
                return spec;
            }).ToList();
            blocks.Add(new BlockSpec(line.Name, line.IsResidual, members.ToEquatableArray()));
        }

        var (multiple, minimum) = Sizes(layers);
        var model = new ModelSpec(folder.Directory, folder.Folder, LineLocation.Of(modelTxt.Path, topology.NameLine),
            topology.Name!, topology.Title, topology.Licence, topology.Source,
            weightTotal, topology.WeightsSha256!, multiple, minimum, blocks.ToEquatableArray(), styles.ToEquatableArray());
        return new ParseResult(model, diagnostics.ToArray());
    }

    /// <summary>
    /// The folder itself: no other folder of the same name elsewhere, a kebab-case name, and all three text files.
    /// </summary>
    private static bool CheckFolder(ModelFolder folder, DiagnosticBag diagnostics)
    {
        if (folder.SameFolderName.Count > 0)
        {
            // Reported once per clash, at the later folder (in ordinal order of the paths); neither folder compiles.
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
                + "its name names the embedded weights resource, and Cin.Models.targets takes it as MSBuild's %(Filename), which drops anything from a dot on");
        }
        if (folder.Topology == null || folder.Styles == null || folder.Norm == null)
        {
            string missing = string.Join(", ", new[]
            {
                folder.Topology == null ? "model.txt" : null,
                folder.Styles == null ? "styles.tsv" : null,
                folder.Norm == null ? "norm.txt" : null,
            }.Where(n => n != null));
            diagnostics.AddAboutFolder(Diagnostics.Folder, folder.AnyFile, $"model folder '{folder.Folder}' lacks {missing}");
        }
        return !diagnostics.HasErrors;
    }

    private sealed record ExpandedLayer(LayerLine Owner, string Name, LayerLine Line, string Activation);

    /// <summary>The names of the layers a line stands for: a residual's two, or the conv's own.</summary>
    private static string[] LayerNames(LayerLine line) =>
        line.IsResidual ? new[] { line.Name + "/conv1", line.Name + "/conv2" } : new[] { line.Name };

    /// <summary>A residual line stands for two layers; every other line for one.</summary>
    private static List<ExpandedLayer> Expand(List<LayerLine> lines)
    {
        var layers = new List<ExpandedLayer>();
        foreach (var line in lines)
        {
            string[] names = LayerNames(line);
            if (line.IsResidual)
            {
                layers.Add(new ExpandedLayer(line, names[0], line, "relu"));
                layers.Add(new ExpandedLayer(line, names[1], line, "none"));
            }
            else
            {
                layers.Add(new ExpandedLayer(line, names[0], line, line.Activation));
            }
        }
        return layers;
    }

    /// <summary>
    /// What <see cref="ConvAlgorithmRules"/> decides for each layer, in run order: its algorithm, whether it reads its
    /// input through the previous layer's norm, and where its own norm is applied, which depends on the next layer.
    /// </summary>
    private static (ConvAlgorithm Algorithm, bool ReadsInputNorm, NormPlacement Norm)[] Decide(List<ExpandedLayer> layers)
    {
        var algorithms = layers
            .Select(l => ConvAlgorithmRules.Choose(l.Line.Kernel, l.Line.Stride, l.Line.Upsample, l.Line.In, l.Line.Out))
            .ToArray();
        var decisions = new (ConvAlgorithm, bool, NormPlacement)[layers.Count];
        bool readsInputNorm = false; // the first layer reads the photo
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            bool last = i + 1 == layers.Count;
            bool endsResidualBlock = layer.Line.IsResidual && (last || layers[i + 1].Owner != layer.Owner);
            bool nextReadsThroughNorm = !last && ConvAlgorithmRules.ReadsThroughNorm(
                algorithms[i + 1], layers[i + 1].Line.Upsample, inResidualBlock: layers[i + 1].Line.IsResidual);
            var norm = ConvAlgorithmRules.PlaceNorm(endsResidualBlock, nextReadsThroughNorm);
            decisions[i] = (algorithms[i], readsInputNorm, norm);
            readsInputNorm = norm == NormPlacement.NextLayer;
        }
        return decisions;
    }

    private static bool CheckHeader(ModelFile file, Topology topology, DiagnosticBag diagnostics)
    {
        var missing = new List<string>();
        if (topology.Name == null) missing.Add("name");
        if (topology.StyleCount == null) missing.Add("styles");
        if (topology.WeightCount == null) missing.Add("weights");
        if (topology.Layers.Count == 0) missing.Add("a conv or residual layer");
        if (missing.Count > 0)
        {
            diagnostics.Add(Diagnostics.Syntax, file, $"missing {string.Join(", ", missing)}");
            return false;
        }
        string name = topology.Name!;
        if (!Naming.IsKebab(name))
        {
            diagnostics.Add(Diagnostics.Syntax, file, topology.NameLine,
                $"model name '{name}' must be kebab-case (lower-case letters and digits joined by '-')");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Checks the layers in order: names that are unique, also as the layers a residual expands to and as the C#
    /// identifiers made of them; sound shapes that chain from RGB to RGB; and sizes that stay within the limits.
    /// </summary>
    private static bool CheckChain(ModelFile file, Topology topology, DiagnosticBag diagnostics)
    {
        var lineNames = new HashSet<string>();
        var layerOwners = new Dictionary<string, LayerLine>();
        var identifiers = new Dictionary<string, string>();
        int channels = 3;
        long strides = 1, upsamples = 1, weights = 0;
        foreach (var layer in topology.Layers)
        {
            string? problem = NameProblem(layer, lineNames, layerOwners, identifiers)
                ?? (layer.Kernel < 1 || layer.Kernel % 2 == 0 ? $"kernel={layer.Kernel} must be odd (reflect padding is kernel/2 on each side)"
                : layer.Stride < 1 ? $"stride={layer.Stride} must be at least 1"
                : layer.Upsample != 1 && layer.Upsample != 2 ? $"upsample={layer.Upsample} is not supported (1 or 2)"
                : layer.In < 1 || layer.Out < 1 ? "channel counts must be at least 1"
                : System.Array.IndexOf(Activations, layer.Activation) < 0 ? $"act={layer.Activation} is not one of relu, sigmoid, none"
                : layer.In != channels ? $"in={layer.In} but the previous layer gives {channels} channels"
                : null);
            if (problem == null)
            {
                long own = Product(layer.Kernel, layer.Kernel, layer.In, layer.Out);
                long count = layer.IsResidual ? 2 * own : own;
                weights += count;
                strides *= layer.Stride;
                upsamples *= layer.Upsample;
                problem =
                    count > MaxValues ? $"this layer needs {count} weights, more than the {MaxValues} a model may have"
                    : weights > MaxValues ? $"the layers up to this one need {weights} weights, more than the {MaxValues} a model may have"
                    : strides > MaxScale ? $"the strides up to this one multiply to {strides}, more than the {MaxScale} a model may have"
                    : upsamples > MaxScale ? $"the upsampling up to this one multiplies to {upsamples}, more than the {MaxScale} a model may have"
                    : null;
            }
            if (problem != null)
            {
                diagnostics.Add(Diagnostics.Topology, file, layer.Line, problem);
                return false;
            }
            channels = layer.Out;
        }
        var last = topology.Layers[topology.Layers.Count - 1];
        string? end =
            last.IsResidual || last.Out != 3 || last.Activation != "sigmoid" ? "the last layer must be a conv with out=3 and act=sigmoid (RGB in (0,1))"
            : strides != upsamples ? $"the strides (product {strides}) and upsampling (product {upsamples}) must cancel so the output is the input's size"
            : null;
        if (end != null)
        {
            diagnostics.Add(Diagnostics.Topology, file, last.Line, end);
            return false;
        }
        return true;
    }

    /// <summary>
    /// A line's name must be new; so must the names of the layers it stands for (a conv may not take the name of a
    /// residual's NAME/conv1), and the C# identifiers made of them (contract/conv1 and contract-conv1 both make
    /// ContractConv1). Records the names when they are all new.
    /// </summary>
    private static string? NameProblem(
        LayerLine line, HashSet<string> lineNames, Dictionary<string, LayerLine> layerOwners, Dictionary<string, string> identifiers)
    {
        if (lineNames.Contains(line.Name)) return $"layer name '{line.Name}' is used twice";
        string[] names = LayerNames(line);
        foreach (string name in names)
        {
            if (layerOwners.TryGetValue(name, out var owner))
            {
                return line.IsResidual
                    ? $"residual '{line.Name}' names its layers {names[0]} and {names[1]}, but '{name}' is already a layer name (line {owner.Line.Number + 1})"
                    : $"layer name '{name}' is taken by residual '{owner.Name}' on line {owner.Line.Number + 1}, whose layers are {owner.Name}/conv1 and {owner.Name}/conv2";
            }
            string identifier = Naming.Layer(name);
            if (identifiers.TryGetValue(identifier, out string? other))
            {
                return $"layer name '{name}' makes the C# identifier {identifier}, as '{other}' does; "
                    + "layer names must differ in their letters and digits, not only in '/', '_' or '-'";
            }
        }
        lineNames.Add(line.Name);
        foreach (string name in names)
        {
            layerOwners[name] = line;
            identifiers[Naming.Layer(name)] = name;
        }
        return null;
    }

    /// <summary>The product of positive factors, or long.MaxValue when it would overflow.</summary>
    private static long Product(params int[] factors)
    {
        long product = 1;
        foreach (int factor in factors)
        {
            if (product > long.MaxValue / factor) return long.MaxValue;
            product *= factor;
        }
        return product;
    }

    /// <summary>
    /// The input side must be a multiple of the product of strides so that every stride divides its map exactly, and
    /// large enough that each layer's reflect padding (kernel/2) is smaller than the map it pads.
    /// </summary>
    private static (int Multiple, int Minimum) Sizes(List<ExpandedLayer> layers)
    {
        // CheckChain bounds the strides' and upsampling's products by MaxScale and each kernel by MaxValues, so these
        // stay far below long's range and the results fit in an int.
        long multiple = 1;
        foreach (var layer in layers) multiple *= layer.Line.Stride;
        long down = 1, up = 1, minimum = 1;
        foreach (var layer in layers)
        {
            up *= layer.Line.Upsample;
            long pad = layer.Line.Kernel / 2;
            // The padded map is input * up / down pixels wide and must exceed pad.
            long needed = ((pad + 1) * down + up - 1) / up;
            if (needed > minimum) minimum = needed;
            down *= layer.Line.Stride;
        }
        minimum = (minimum + multiple - 1) / multiple * multiple;
        return ((int)multiple, (int)minimum);
    }
}
