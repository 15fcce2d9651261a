using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>`cin styles`: a table of a model's styles, one per line, with what --style accepts for each.</summary>
public sealed class StylesService(IModelCatalog catalog, TextWriter output, TextWriter error)
{
    public int Run(string? modelName) => ErrorReporting.Run(error, () =>
    {
        ModelInfo model = ModelLookup.Find(catalog, modelName);
        var rows = new List<string[]> { new[] { "index", "name", "aliases", "title" } };
        foreach (var style in model.Styles)
            rows.Add([style.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), style.Name,
                style.Aliases.Count == 0 ? "-" : string.Join(',', style.Aliases), Title(style)]);
        int[] widths = Enumerable.Range(0, 3).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine($"{row[0].PadLeft(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}".TrimEnd());
        return ExitCodes.Success;
    });

    /// <summary>
    /// "The Starry Night (Vincent van Gogh, 1889)", leaving out what the model marks unknown ("-"); a style with no
    /// known title shows just its credit, or "-".
    /// </summary>
    private static string Title(StyleInfo style)
    {
        string credit = string.Join(", ", new[] { style.Artist, style.Year }.Where(Known));
        if (!Known(style.Title)) return credit.Length == 0 ? "-" : credit;
        return credit.Length == 0 ? style.Title : $"{style.Title} ({credit})";
    }

    private static bool Known(string value) => !string.IsNullOrWhiteSpace(value) && value != "-";
}
