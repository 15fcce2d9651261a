using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>Writes a model's <c>ModelInfo</c>: its provenance and the catalogue of its styles.</summary>
internal static class CatalogEmitter
{
    public static string Emit(ModelSpec model, string ns)
    {
        var w = CodeWriter.File($"the model folder '{model.Folder}'", "Cin.Engine.Network");
        w.Line()
            .Line($"namespace {ns};")
            .Line()
            .Open($"partial class {model.ClassName}")
            .Line("/// <summary>The model's name, provenance, input size rules and styles.</summary>")
            .Line("public static ModelInfo Model { get; } = new(")
            .Line($"    Name: {Literals.String(model.Name)},")
            .Line($"    Title: {Literals.String(model.Title)},")
            .Line($"    Licence: {Literals.String(model.Licence)},")
            .Line($"    Source: {Literals.String(model.Source)},")
            .Line("    SizeMultiple: SizeMultiple,")
            .Line("    MinimumSize: MinimumSize,")
            .Line("    Styles: new StyleInfo[]")
            .Line("    {");
        foreach (var style in model.Styles)
        {
            string aliases = "new string[] { " + string.Join(", ", style.Aliases.Select(Literals.String)) + " }";
            if (style.Aliases.Count == 0) aliases = "System.Array.Empty<string>()";
            w.Wrapped("        new(", new[]
            {
                Literals.Int(style.Index), Literals.String(style.Name), aliases, Literals.String(style.Title),
                Literals.String(style.Artist), Literals.String(style.Year), Literals.String(style.Source),
            }, "),", hangingIndent: 12);
        }
        // The weights' hash identifies the convolutions a learned style's row was trained against.
        w.Line("    })")
            .Line("    {")
            .Line("        WeightsSha256 = WeightsSha256,")
            .Line("    };")
            .Close();
        return w.ToString();
    }
}
