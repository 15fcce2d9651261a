using System;
using System.Linq;
using Cin.Generators.Emit;
using Cin.Generators.Emit.Features;
using Cin.Generators.Model;
using Cin.Generators.Parsing;
using Cin.Generators.Parsing.Features;
using Microsoft.CodeAnalysis;

namespace Cin.Generators;

/// <summary>
/// Compiles each model folder given as AdditionalFiles (model.txt, styles.tsv, norm.txt) into a specialized network
/// class, its style tables and catalogue, and a registry of all models. A folder whose model.txt starts with
/// <c>format cin-features 1</c> is a feature network (the loss network's trunk): it compiles to a class of its own and
/// stays out of the registry, so out of the style catalogue. The steps carry only value-equatable data, so an edit to
/// unrelated source leaves every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    public const string FilesStep = "ModelFiles";
    public const string FoldersStep = "ModelFolders";
    public const string ParseStep = "ParsedModels";
    public const string ClashesStep = "ClassNameClashes";
    public const string RegistryStep = "Registry";
    public const string SettingsStep = "Settings";
    public const string FeatureParseStep = "ParsedFeatureNetworks";
    public const string FeatureClashesStep = "FeatureClassNameClashes";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => ModelFile.Classify(text.Path) != ModelFileKind.None)
            .Select(static (text, ct) =>
            {
                string directory = ModelFile.DirectoryOf(text.Path);
                return new ModelFile(
                    directory,
                    ModelFile.FolderOf(directory),
                    ModelFile.Classify(text.Path),
                    text.Path,
                    text.GetText(ct)?.ToString() ?? "");
            })
            .WithTrackingName(FilesStep);

        // A folder is its full directory, so two folders of the same name in different places are never merged; they
        // are told about each other, since they would embed the same resource name.
        var folders = files.Collect()
            .SelectMany(static (all, _) =>
            {
                var byDirectory = all
                    .GroupBy(f => f.Directory, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToList();
                var directoriesByName = byDirectory
                    .GroupBy(g => ModelFile.FolderOf(g.Key), StringComparer.Ordinal)
                    .ToDictionary(n => n.Key, n => n.Select(g => g.Key).ToList(), StringComparer.Ordinal);
                return byDirectory
                    .Select(g => new ModelFolder(
                        g.Key,
                        ModelFile.FolderOf(g.Key),
                        g.FirstOrDefault(f => f.Kind == ModelFileKind.Topology),
                        g.FirstOrDefault(f => f.Kind == ModelFileKind.Styles),
                        g.FirstOrDefault(f => f.Kind == ModelFileKind.Norm),
                        directoriesByName[ModelFile.FolderOf(g.Key)].Where(d => d != g.Key).ToEquatableArray()))
                    .ToList();
            })
            .WithTrackingName(FoldersStep);

        var parsed = folders
            .Where(static folder => ModelFormats.Of(folder) == ModelFormat.StyleNetwork)
            .Select(static (folder, _) => ModelParser.Parse(folder))
            .WithTrackingName(ParseStep);

        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => GeneratorSettings.From(options.GlobalOptions))
            .WithTrackingName(SettingsStep);

        // The sound models' names and classes, and which of them would generate the same class or hint name (these
        // compare ignoring case). A model's own output needs only the clashes, which rarely change.
        var identities = parsed
            .Select(static (result, _) => result.Spec is { } m ? new ModelIdentity(m.Directory, m.Folder, m.Name, m.ClassName, m.NameLine) : null)
            .Where(static identity => identity != null)
            .Select(static (identity, _) => identity!)
            .Collect();
        var clashes = identities
            .Select(static (all, _) => ClassClashes.Find(all))
            .WithTrackingName(ClashesStep);

        context.RegisterSourceOutput(parsed.Combine(clashes).Combine(settings), static (spc, input) =>
        {
            var ((result, clashes), settings) = input;
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Spec is not { } model) return;
            if (clashes.Find(model.Directory) is { } clash)
            {
                // Neither model of a clash is emitted; the diagnostic is reported by the later one.
                if (clash.Report != null) spc.ReportDiagnostic(clash.Report.ToDiagnostic());
                return;
            }
            spc.AddSource($"{model.ClassName}.g.cs", NetworkEmitter.Emit(model, settings.Namespace));
            spc.AddSource($"{model.ClassName}.Styles.g.cs", CatalogEmitter.Emit(model, settings.Namespace));
            spc.AddSource($"{model.ClassName}.Tables.g.cs", TableEmitter.Emit(model, settings.Namespace));
        });

        InitializeFeatureNetworks(context, folders, settings);

        var registry = identities
            .Combine(clashes)
            .Combine(settings)
            .Select(static (input, _) =>
            {
                var ((all, clashes), settings) = input;
                var models = all
                    .Where(m => clashes.Find(m.Directory) == null)
                    .Select(m => new ModelSummary(m.Name, m.ClassName, m.Folder))
                    .OrderBy(s => s.Name, StringComparer.Ordinal)
                    .ToEquatableArray();
                return (Models: models, Settings: settings);
            })
            .WithTrackingName(RegistryStep);

        context.RegisterSourceOutput(registry, static (spc, input) =>
        {
            if (input.Models.Count == 0) return;
            string chosen = input.Settings.DefaultModel;
            if (chosen.Length == 0) chosen = input.Models[0].Name;
            else if (!input.Models.Any(m => m.Name == chosen))
            {
                // CinDefaultModel is an MSBuild property: the generator sees its value but not the project file or line
                // that sets it, so there is no source location to give.
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.UnknownDefault, Location.None,
                    $"CinDefaultModel names '{chosen}', which is not among the compiled models ({string.Join(", ", input.Models.Select(m => m.Name))})"));
                return;
            }
            spc.AddSource("BuiltInModels.g.cs", RegistryEmitter.Emit(input.Models, chosen, input.Settings.Namespace));
        });
    }

    /// <summary>
    /// Feature networks: parsed on their own, checked for class-name clashes among themselves (their classes end in
    /// Features, style networks' in Network, so the two kinds cannot clash), and emitted without any registry.
    /// </summary>
    private static void InitializeFeatureNetworks(IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<ModelFolder> folders, IncrementalValueProvider<GeneratorSettings> settings)
    {
        var parsed = folders
            .Where(static folder => ModelFormats.Of(folder) == ModelFormat.FeatureNetwork)
            .Select(static (folder, _) => FeatureParser.Parse(folder))
            .WithTrackingName(FeatureParseStep);

        var clashes = parsed
            .Select(static (result, _) => result.Spec is { } f ? new ModelIdentity(f.Directory, f.Folder, f.Name, f.ClassName, f.NameLine) : null)
            .Where(static identity => identity != null)
            .Select(static (identity, _) => identity!)
            .Collect()
            .Select(static (all, _) => ClassClashes.Find(all))
            .WithTrackingName(FeatureClashesStep);

        context.RegisterSourceOutput(parsed.Combine(clashes).Combine(settings), static (spc, input) =>
        {
            var ((result, clashes), settings) = input;
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Spec is not { } spec) return;
            if (clashes.Find(spec.Directory) is { } clash)
            {
                if (clash.Report != null) spc.ReportDiagnostic(clash.Report.ToDiagnostic());
                return;
            }
            spc.AddSource($"{spec.ClassName}.g.cs", FeatureNetworkEmitter.Emit(spec, settings.Namespace));
        });
    }
}
