using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Emit;

/// <summary>Writes <c>BuiltInModels</c>: every compiled model by name, loaded on first use.</summary>
internal static class RegistryEmitter
{
    public static string Emit(EquatableArray<ModelSummary> models, string defaultModel, string ns)
    {
        string origin = models.Count == 1
            ? $"the model folder '{models[0].Folder}'"
            : "the model folders " + string.Join(", ", models.Select(m => $"'{m.Folder}'").OrderBy(f => f, System.StringComparer.Ordinal));
        var w = CodeWriter.File(origin, "System", "System.Collections.Generic", "System.Linq", "Cin.Engine.Network");
        w.Line()
            .Line($"namespace {ns};")
            .Line()
            .Line("/// <summary>The models compiled into this assembly.</summary>")
            .Open("public static partial class BuiltInModels");

        string names = string.Join(", ", models.Select(m => m.Name));
        w.Line("/// <summary>Every model's description; no weights are loaded.</summary>")
            .Line("public static IReadOnlyList<ModelInfo> All { get; } = new ModelInfo[]")
            .Line("{");
        foreach (var model in models) w.Line($"    {model.ClassName}.Model,");
        w.Line("};")
            .Line()
            .Line("/// <summary>The model used when none is named.</summary>")
            .Line($"public const string Default = {Literals.String(defaultModel)};")
            .Line();

        foreach (var model in models)
            w.Line($"private static readonly Lazy<StyleNetwork> s_{Naming.Camel(model.Name)} = new(() => {model.ClassName}.LoadEmbedded());");
        w.Line()
            .Line("/// <summary>Finds a model's description by name (case-insensitive), or null.</summary>")
            .Line("public static ModelInfo? Find(string name) =>")
            .Line("    All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));")
            .Line()
            .Line("/// <summary>Loads and packs a model's weights on first use; later calls return the same network.</summary>")
            .Open("public static StyleNetwork Load(string name)")
            .Line("switch (name.ToLowerInvariant())")
            .Line("{");
        foreach (var model in models)
            w.Line($"    case {Literals.String(model.Name)}: return s_{Naming.Camel(model.Name)}.Value;");
        w.Line("    default:")
            .Line($"        throw new ArgumentException($\"Unknown model '{{name}}'. Built-in models: {names}.\", nameof(name));")
            .Line("}")
            .Close()
            .Close();
        return w.ToString();
    }
}

/// <summary>What the registry needs of a model; kept small so a change inside a model does not re-emit it.</summary>
internal sealed record ModelSummary(string Name, string ClassName, string Folder);
