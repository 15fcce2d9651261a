using Microsoft.CodeAnalysis.Diagnostics;

namespace Cin.Generators;

/// <summary>
/// MSBuild properties the generator reads: the project's RootNamespace (the generated types' namespace, so two
/// projects that compile models never define the same type) and CinDefaultModel.
/// </summary>
internal sealed record GeneratorSettings(string Namespace, string DefaultModel)
{
    public const string FallbackNamespace = "Cin.Models";

    public static GeneratorSettings From(AnalyzerConfigOptions options)
    {
        string ns = options.TryGetValue("build_property.RootNamespace", out string? root) && root.Trim().Length > 0
            ? root.Trim()
            : FallbackNamespace;
        string defaultModel = options.TryGetValue("build_property.CinDefaultModel", out string? name) ? name.Trim() : "";
        return new GeneratorSettings(ns, defaultModel);
    }
}
