using System.Management.Automation;
using Cin.Engine.Network;
using Cin.Models;

namespace Cin.PowerShell;

/// <summary>
/// The built-in models as the cmdlets see them. Everything that touches Cin.Engine or Cin.Models types lives in
/// internal classes like this one, never in a cmdlet's public surface, so PowerShell can inspect the cmdlets before
/// the module's load context is in place.
/// </summary>
internal static class StyleCatalog
{
    /// <summary>Where the models come from: the built-in ones, or a tiny one the in-process tests swap in.</summary>
    internal static IModelCatalog Catalog { get; set; } = BuiltInModelCatalog.Instance;

    /// <summary>What New-CinStyle trains with: the compiled networks, or stand-ins in the in-process tests; null where this build cannot learn.</summary>
    internal static Cin.Engine.Learning.ILearningBackend? Learning { get; set; } = new Cin.Features.CompiledLearningBackend();

    /// <summary>Where learned styles are kept (the user's style folder; tests point it elsewhere).</summary>
    /// <remarks>Unless a test sets it, the folder is looked up on each use, so CIN_STYLES_DIR set in the session counts.</remarks>
    internal static string StyleFolder
    {
        get => _styleFolder ?? Cin.Engine.Styles.UserStyleFolder.Path;
        set => _styleFolder = value;
    }

    private static string? _styleFolder;

    /// <summary>
    /// The models with the learned styles now in the style folder listed after their own: read afresh on each use, so a
    /// style New-CinStyle has just saved is there for the next command of the session.
    /// </summary>
    internal static Cin.Engine.Styles.LearnedStyleCatalog WithLearned =>
        new(Catalog, Cin.Engine.Styles.LearnedStyleLibrary.Load(StyleFolder));

    public static IReadOnlyList<ModelInfo> Models => WithLearned.Models;

    public static string DefaultModel => Catalog.DefaultModel;

    public static ModelInfo? FindModel(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The network, loaded and packed on first use; later calls return the same one.</summary>
    public static StyleNetwork Load(ModelInfo model) => Catalog.Load(model.Name);

    public static IEnumerable<CinStyle> Styles(ModelInfo model) => model.Styles.Select(s => ToCinStyle(model, s));

    public static CinStyle ToCinStyle(ModelInfo model, StyleInfo style) => new(
        model.Name, style.Index, style.Name, style.Aliases.ToArray(),
        Known(style.Title), Known(style.Artist), Known(style.Year), Known(style.Source))
    {
        Origin = style.Origin,
    };

    /// <summary>The engine's explanation of why a name matches no style (with a "did you mean" where one is close).</summary>
    public static string UnknownStyleMessage(string name, ModelInfo model)
    {
        try
        {
            StyleSelector.Parse(name, model);
        }
        catch (StyleSelectionException e)
        {
            return Describe(e);
        }
        return $"Unknown style '{name}' in model '{model.Name}'.";
    }

    /// <summary>The engine's message, with what to do in the cmdlets' terms: where the list of styles is, how to choose a model.</summary>
    public static string Describe(StyleSelectionException e) => e.Problem switch
    {
        StyleSelectionProblem.UnknownStyle => $"{e.Message} Get-CinStyle lists them.",
        StyleSelectionProblem.AmbiguousStyle => $"{e.Message} Choose one with -Model.",
        _ => e.Message,
    };

    // The model files write "-" for what is not known.
    private static string? Known(string value) => string.IsNullOrWhiteSpace(value) || value == "-" ? null : value;
}
