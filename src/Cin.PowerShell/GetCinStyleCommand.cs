using System.Management.Automation;
using Cin.Engine.Network;

namespace Cin.PowerShell;

/// <summary>
/// Get-CinStyle: the styles of the models (the default one unless -Model says), built-in and learned (New-CinStyle), by
/// name, alias or wildcard. Without -Model, a name the default model lacks is looked up in every model, as
/// Convert-CinImage -Style does. A style file that cannot be used is a warning.
/// </summary>
[Cmdlet(VerbsCommon.Get, "CinStyle")]
[OutputType(typeof(CinStyle))]
public sealed class GetCinStyleCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StyleNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string[]? Model { get; set; }

    protected override void BeginProcessing()
    {
        foreach (var leftOut in StyleCatalog.WithLearned.LeftOut) WriteWarning($"{leftOut.Message} (left out)");
    }

    protected override void ProcessRecord()
    {
        foreach (var style in GetStyles()) WriteObject(style);
    }

    private List<CinStyle> GetStyles()
    {
        var models = SelectModels();
        var styles = models.SelectMany(StyleCatalog.Styles).ToList();
        // Learned styles are few and named by their owner: without -Model, every model's are listed, after the default
        // model's own styles (each keeps its Model, so it pipes into Convert-CinImage with the right network).
        if (Model is null)
            styles.AddRange(StyleCatalog.Models.Where(m => !models.Any(chosen => chosen.Name == m.Name))
                .SelectMany(m => m.Styles.Where(s => s.Learned is not null).Select(s => StyleCatalog.ToCinStyle(m, s))));
        if (Name is null) return styles;

        var found = new List<CinStyle>();
        foreach (string name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = styles.Where(s => pattern.IsMatch(s.Name) || s.Aliases.Any(pattern.IsMatch)).ToList();
            if (matches.Count == 0 && Model is null && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                // Another model's style, found as -Style finds it: every model that has the name.
                foreach (var model in StyleCatalog.Models)
                {
                    if (model.Find(name) is not { } info) continue;
                    var style = styles.FirstOrDefault(s => s.Model == model.Name && s.Index == info.Index);
                    if (style is null) styles.Add(style = StyleCatalog.ToCinStyle(model, info));
                    matches.Add(style);
                }
            }
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                string message = models.Count == 1
                    ? StyleCatalog.UnknownStyleMessage(name, models[0])
                    : $"No built-in model has a style named '{name}'. Get-CinStyle lists them.";
                WriteError(new ErrorRecord(new ItemNotFoundException(message), "StyleNotFound", ErrorCategory.ObjectNotFound, name));
            }
            found.AddRange(matches.Where(m => !found.Contains(m)));
        }
        // In model order, then index order, whatever order the names came in.
        return styles.Where(found.Contains).ToList();
    }

    // The default model unless -Model says otherwise, as -Style of Convert-CinImage resolves names in the default
    // model: so Get-CinStyle starry-night | Convert-CinImage ... means one style, not one per model that has the name.
    private List<ModelInfo> SelectModels()
    {
        var selected = new List<ModelInfo>();
        foreach (string name in Model ?? [StyleCatalog.DefaultModel])
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = StyleCatalog.Models.Where(m => pattern.IsMatch(m.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                var error = new ItemNotFoundException(new ModelSelectionException(name, StyleCatalog.Models.Select(m => m.Name).ToList()).Message);
                WriteError(new ErrorRecord(error, "ModelNotFound", ErrorCategory.ObjectNotFound, name));
            }
            selected.AddRange(matches.Where(m => !selected.Contains(m)));
        }
        return selected;
    }
}
