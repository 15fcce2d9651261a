using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>
/// Writes the gamma/beta tables as constant spans, one row per style. Constant <c>ReadOnlySpan&lt;float&gt;</c>
/// data is stored once in the assembly image and read in place; nothing is copied at start-up.
/// </summary>
internal static class TableEmitter
{
    public static string Emit(ModelSpec model, string ns)
    {
        var layers = model.Blocks.SelectMany(b => b.Layers).ToList();
        var w = CodeWriter.File($"the model folder '{model.Folder}'", "System");
        w.Line()
            .Line($"namespace {ns};")
            .Line()
            .Open($"partial class {model.ClassName}");

        w.Line("public override ReadOnlySpan<float> GammaTable(int layer) => layer switch")
            .Line("{");
        foreach (var layer in layers) w.Line($"    {layer.NormIndex} => {Naming.Layer(layer.Name)}Gamma,");
        w.Line("    _ => throw new ArgumentOutOfRangeException(nameof(layer)),")
            .Line("};")
            .Line();
        w.Line("public override ReadOnlySpan<float> BetaTable(int layer) => layer switch")
            .Line("{");
        foreach (var layer in layers) w.Line($"    {layer.NormIndex} => {Naming.Layer(layer.Name)}Beta,");
        w.Line("    _ => throw new ArgumentOutOfRangeException(nameof(layer)),")
            .Line("};");

        foreach (var layer in layers)
        {
            EmitTable(w, model, layer, "Gamma", layer.Gamma);
            EmitTable(w, model, layer, "Beta", layer.Beta);
        }
        w.Close();
        return w.ToString();
    }

    private static void EmitTable(CodeWriter w, ModelSpec model, LayerSpec layer, string parameter, EquatableArray<float> table)
    {
        int channels = layer.OutChannels;
        w.Line()
            .Line($"// {layer.Name} {parameter.ToLowerInvariant()}: {model.Styles.Count} styles x {channels} channels")
            .Line($"private static ReadOnlySpan<float> {Naming.Layer(layer.Name)}{parameter} =>")
            .Line("[");
        for (int s = 0; s < model.Styles.Count; s++)
        {
            var row = Enumerable.Range(s * channels, channels).Select(i => Literals.Float(table[i])).ToList();
            w.Wrapped($"    /* {s} {model.Styles[s].Name} */ ", row, ",", hangingIndent: 8);
        }
        w.Line("];");
    }
}
