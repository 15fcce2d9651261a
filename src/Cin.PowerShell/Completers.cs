using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Cin.PowerShell;

/// <summary>Tab completion of style names, for -Style and Get-CinStyle -Name, from the model -Model names or the default one.</summary>
public sealed class StyleNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var (quote, word) = Completion.Unquote(wordToComplete);
        var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        // The model the names will be resolved in: -Model as typed so far (Get-CinStyle takes wildcards), else the default.
        var model = new WildcardPattern(Completion.FirstString(fakeBoundParameters["Model"]) ?? StyleCatalog.DefaultModel, WildcardOptions.IgnoreCase);
        var models = StyleCatalog.Models.Where(m => model.IsMatch(m.Name));
        return models
            .SelectMany(StyleCatalog.Styles)
            .Where(s => pattern.IsMatch(s.Name))
            .DistinctBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new CompletionResult(quote + s.Name + quote, s.Name, CompletionResultType.ParameterValue, Completion.Tooltip(s)))
            .ToList();
    }
}

/// <summary>Tab completion of the built-in model names, for -Model.</summary>
public sealed class ModelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var (quote, word) = Completion.Unquote(wordToComplete);
        var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        return StyleCatalog.Models
            .Where(m => pattern.IsMatch(m.Name))
            .Select(m => new CompletionResult(quote + m.Name + quote, m.Name, CompletionResultType.ParameterValue,
                $"{m.Title} ({m.Styles.Count} styles)"))
            .ToList();
    }
}

internal static class Completion
{
    /// <summary>Splits a leading quote off what was typed so far; the completion puts it back on both ends.</summary>
    public static (string Quote, string Word) Unquote(string word)
    {
        if (word.Length > 0 && word[0] is '\'' or '"')
        {
            string quote = word[..1];
            string rest = word[1..];
            if (rest.EndsWith(quote, StringComparison.Ordinal)) rest = rest[..^1];
            return (quote, rest);
        }
        return ("", word);
    }

    public static string? FirstString(object? value) => value switch
    {
        PSObject pso => FirstString(pso.BaseObject),
        string s => s,
        IEnumerable e => e.Cast<object?>().Select(FirstString).FirstOrDefault(s => s is not null),
        _ => null,
    };

    public static string Tooltip(CinStyle style)
    {
        string credit = string.Join(", ", new[] { style.Artist, style.Year }.Where(s => s is not null));
        string title = style.Title is null ? credit : credit.Length == 0 ? style.Title : $"{style.Title} ({credit})";
        return title.Length == 0 ? style.Name : title;
    }
}
