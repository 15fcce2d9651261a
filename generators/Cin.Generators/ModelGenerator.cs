using System.Collections.Immutable;
using System.Linq;
using Cin.Generators.Emit;
using Cin.Generators.Model;
using Cin.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Cin.Generators;

/// <summary>
/// Compiles each model folder given as AdditionalFiles (model.txt, styles.tsv, norm.txt) into a specialized network
/// class, its style tables and catalogue, and a registry of all models. The steps carry only value-equatable data,
/// so an edit to unrelated source leaves every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    public const string FilesStep = "ModelFiles";
    public const string FoldersStep = "ModelFolders";
    public const string ParseStep = "ParsedModels";
    public const string RegistryStep = "Registry";
    public const string SettingsStep = "Settings";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => ModelFile.Classify(text.Path) != ModelFileKind.None)
            .Select(static (text, ct) => new ModelFile(
                ModelFile.FolderOf(text.Path),
                ModelFile.Classify(text.Path),
                text.Path,
                text.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(FilesStep);

        var folders = files.Collect()
            .SelectMany(static (all, _) => all
                .GroupBy(f => f.Folder)
                .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => new ModelFolder(
                    g.Key,
                    g.FirstOrDefault(f => f.Kind == ModelFileKind.Topology),
                    g.FirstOrDefault(f => f.Kind == ModelFileKind.Styles),
                    g.FirstOrDefault(f => f.Kind == ModelFileKind.Norm)))
                .ToImmutableArray())
            .WithTrackingName(FoldersStep);

        var parsed = folders
            .Select(static (folder, _) => ModelParser.Parse(folder))
            .WithTrackingName(ParseStep);

        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => GeneratorSettings.From(options.GlobalOptions))
            .WithTrackingName(SettingsStep);

        context.RegisterSourceOutput(parsed.Combine(settings), static (spc, input) =>
        {
            var (result, settings) = input;
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Spec is not { } model) return;
            spc.AddSource($"{model.ClassName}.g.cs", NetworkEmitter.Emit(model, settings.Namespace));
            spc.AddSource($"{model.ClassName}.Styles.g.cs", CatalogEmitter.Emit(model, settings.Namespace));
            spc.AddSource($"{model.ClassName}.Tables.g.cs", TableEmitter.Emit(model, settings.Namespace));
        });

        var registry = parsed
            .Select(static (result, _) => result.Spec is { } m ? new ModelSummary(m.Name, m.ClassName) : null)
            .Where(static summary => summary != null)
            .Collect()
            .Combine(settings)
            .Select(static (pair, _) => (Models: pair.Left.Select(s => s!).OrderBy(s => s.Name, System.StringComparer.Ordinal).ToEquatableArray(), Settings: pair.Right))
            .WithTrackingName(RegistryStep);

        context.RegisterSourceOutput(registry, static (spc, input) =>
        {
            if (input.Models.Count == 0) return;
            var duplicate = input.Models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DuplicateModel, Location.None,
                    $"two model folders declare the model name '{duplicate.Key}'"));
                return;
            }
            string chosen = input.Settings.DefaultModel;
            if (chosen.Length == 0) chosen = input.Models[0].Name;
            else if (!input.Models.Any(m => m.Name == chosen))
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.UnknownDefault, Location.None,
                    $"CinDefaultModel names '{chosen}', which is not among the compiled models ({string.Join(", ", input.Models.Select(m => m.Name))})"));
                return;
            }
            spc.AddSource("BuiltInModels.g.cs", RegistryEmitter.Emit(input.Models, chosen, input.Settings.Namespace));
        });
    }
}
