using System.Collections.Generic;
using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Parsing;

/// <summary>The outcome of reading one model folder: a spec when it is sound, and the problems found.</summary>
internal sealed record ParseResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Reads a model folder's three text files into a <see cref="ModelSpec"/>, checking them against each other.</summary>
internal static class ModelParser
{
    private static readonly string[] Activations = { "relu", "sigmoid", "none" };

    public static ParseResult Parse(ModelFolder folder)
    {
        var diagnostics = new DiagnosticBag();
        if (folder.Topology == null || folder.Styles == null || folder.Norm == null)
        {
            var present = new[] { folder.Topology, folder.Styles, folder.Norm }.First(f => f != null)!;
            string missing = string.Join(", ", new[]
            {
                folder.Topology == null ? "model.txt" : null,
                folder.Styles == null ? "styles.tsv" : null,
                folder.Norm == null ? "norm.txt" : null,
            }.Where(n => n != null));
            diagnostics.Add(Diagnostics.MissingFile, present.Path, $"model folder '{folder.Folder}' lacks {missing}");
            return new ParseResult(null, diagnostics.ToArray());
        }

        var topology = TopologyParser.Parse(folder.Topology, diagnostics);
        if (diagnostics.HasErrors) return new ParseResult(null, diagnostics.ToArray());
        if (!CheckHeader(folder.Topology, topology, diagnostics) || !CheckChain(folder.Topology, topology, diagnostics))
            return new ParseResult(null, diagnostics.ToArray());

        var layers = Expand(topology.Layers);
        int weightTotal = layers.Sum(l => l.Line.Kernel * l.Line.Kernel * l.Line.In * l.Line.Out);
        if (weightTotal != topology.WeightCount)
        {
            diagnostics.Add(Diagnostics.WeightCount, folder.Topology, topology.WeightsLine,
                $"{folder.Topology.Path}({topology.WeightsLine.Number + 1}): the layers need {weightTotal} weights but 'weights' declares count={topology.WeightCount}");
            return new ParseResult(null, diagnostics.ToArray());
        }

        var styles = StylesParser.Parse(folder.Styles, diagnostics);
        if (!diagnostics.HasErrors && styles.Count != topology.StyleCount)
            diagnostics.Add(Diagnostics.Styles, folder.Styles.Path,
                $"{folder.Styles.Path}: model.txt declares {topology.StyleCount} styles but styles.tsv lists {styles.Count}");
        if (diagnostics.HasErrors) return new ParseResult(null, diagnostics.ToArray());

        var channels = layers.ToDictionary(l => l.Name, l => l.Line.Out);
        var tables = NormParser.Parse(folder.Norm, channels, topology.StyleCount!.Value, diagnostics);
        if (diagnostics.HasErrors) return new ParseResult(null, diagnostics.ToArray());

        var blocks = new List<BlockSpec>();
        int normIndex = 0, offset = 0;
        foreach (var line in topology.Layers)
        {
            var members = layers.Where(l => l.Owner == line).Select(l =>
            {
                var spec = new LayerSpec(l.Name, l.Line.Kernel, l.Line.Stride, l.Line.In, l.Line.Out, l.Activation,
                    l.Line.Upsample, normIndex++, offset, tables.Gamma[l.Name].ToEquatableArray(), tables.Beta[l.Name].ToEquatableArray());
                offset += spec.WeightCount;
                return spec;
            }).ToList();
            blocks.Add(new BlockSpec(line.Name, line.IsResidual, members.ToEquatableArray()));
        }

        var (multiple, minimum) = Sizes(layers);
        var model = new ModelSpec(folder.Folder, topology.Name!, topology.Title, topology.Licence, topology.Source,
            weightTotal, topology.WeightsSha256!, multiple, minimum, blocks.ToEquatableArray(), styles.ToEquatableArray());
        return new ParseResult(model, diagnostics.ToArray());
    }

    private sealed record ExpandedLayer(LayerLine Owner, string Name, LayerLine Line, string Activation);

    /// <summary>A residual line stands for two layers; every other line for one.</summary>
    private static List<ExpandedLayer> Expand(List<LayerLine> lines)
    {
        var layers = new List<ExpandedLayer>();
        foreach (var line in lines)
        {
            if (line.IsResidual)
            {
                layers.Add(new ExpandedLayer(line, line.Name + "/conv1", line, "relu"));
                layers.Add(new ExpandedLayer(line, line.Name + "/conv2", line, "none"));
            }
            else
            {
                layers.Add(new ExpandedLayer(line, line.Name, line, line.Activation));
            }
        }
        return layers;
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
            diagnostics.Add(Diagnostics.Syntax, file.Path, $"{file.Path}: missing {string.Join(", ", missing)}");
            return false;
        }
        string name = topology.Name!;
        if (name.Length == 0 || !name.All(c => c == '-' || char.IsDigit(c) || (c >= 'a' && c <= 'z')))
        {
            diagnostics.Add(Diagnostics.Syntax, file.Path, $"{file.Path}: model name '{name}' must be kebab-case");
            return false;
        }
        return true;
    }

    private static bool CheckChain(ModelFile file, Topology topology, DiagnosticBag diagnostics)
    {
        var names = new HashSet<string>();
        int channels = 3;
        long strides = 1, upsamples = 1;
        foreach (var layer in topology.Layers)
        {
            string where = $"{file.Path}({layer.Line.Number + 1})";
            string? problem =
                !names.Add(layer.Name) ? $"layer name '{layer.Name}' is used twice"
                : layer.Kernel < 1 || layer.Kernel % 2 == 0 ? $"kernel={layer.Kernel} must be odd (reflect padding is kernel/2 on each side)"
                : layer.Stride < 1 ? $"stride={layer.Stride} must be at least 1"
                : layer.Upsample != 1 && layer.Upsample != 2 ? $"upsample={layer.Upsample} is not supported (1 or 2)"
                : layer.In < 1 || layer.Out < 1 ? "channel counts must be at least 1"
                : System.Array.IndexOf(Activations, layer.Activation) < 0 ? $"act={layer.Activation} is not one of relu, sigmoid, none"
                : layer.In != channels ? $"in={layer.In} but the previous layer gives {channels} channels"
                : null;
            if (problem != null)
            {
                diagnostics.Add(Diagnostics.Topology, file, layer.Line, $"{where}: {problem}");
                return false;
            }
            channels = layer.Out;
            strides *= layer.Stride;
            upsamples *= layer.Upsample;
        }
        var last = topology.Layers[topology.Layers.Count - 1];
        string? end =
            last.IsResidual || last.Out != 3 || last.Activation != "sigmoid" ? "the last layer must be a conv with out=3 and act=sigmoid (RGB in (0,1))"
            : strides != upsamples ? $"the strides (product {strides}) and upsampling (product {upsamples}) must cancel so the output is the input's size"
            : null;
        if (end != null)
        {
            diagnostics.Add(Diagnostics.Topology, file, last.Line, $"{file.Path}({last.Line.Number + 1}): {end}");
            return false;
        }
        return true;
    }

    /// <summary>
    /// The input side must be a multiple of the product of strides so that every stride divides its map exactly, and
    /// large enough that each layer's reflect padding (kernel/2) is smaller than the map it pads.
    /// </summary>
    private static (int Multiple, int Minimum) Sizes(List<ExpandedLayer> layers)
    {
        int multiple = 1;
        foreach (var layer in layers) multiple *= layer.Line.Stride;
        int down = 1, up = 1, minimum = 1;
        foreach (var layer in layers)
        {
            up *= layer.Line.Upsample;
            int pad = layer.Line.Kernel / 2;
            // The padded map is input * up / down pixels wide and must exceed pad.
            int needed = ((pad + 1) * down + up - 1) / up;
            if (needed > minimum) minimum = needed;
            down *= layer.Line.Stride;
        }
        minimum = (minimum + multiple - 1) / multiple * multiple;
        return (multiple, minimum);
    }
}
