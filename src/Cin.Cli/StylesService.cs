using System.Diagnostics;
using System.Globalization;
using Cin.Engine;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Photos;
using Cin.Engine.Styles;

namespace Cin.Cli;

/// <summary>What `cin styles --sheet` asks for.</summary>
/// <param name="Sheet">The contact sheet to write; null lists the styles instead.</param>
/// <param name="Photo">The photo on the sheet; null for <see cref="SampleScene"/>.</param>
public sealed record SheetRequest(string? Sheet = null, string? Photo = null, int TileSize = 256, bool Force = false, int Threads = 1);

/// <summary>
/// `cin styles`: a table of the styles, built-in and learned, of every model (or the one --model names), one per line,
/// with what --style accepts for each and where it comes from; with --sheet, a contact sheet of the photo in every
/// style of one model instead. A style file that cannot be used is a warning line; the other styles are still listed.
/// </summary>
/// <remarks>
/// The table keeps the shape scripts read: a header, then index, name and aliases as the first three columns and the
/// title as the rest of the line; model and origin ("built-in" or the style file's path) come between them.
/// </remarks>
public sealed class StylesService(IModelCatalog catalog, TextWriter output, TextWriter error)
{
    public int Run(string? modelName) => Run(modelName, new SheetRequest());

    public int Run(string? modelName, SheetRequest sheet) => ErrorReporting.Run(error, () =>
    {
        var learned = LearnedStyleCatalog.Of(catalog);
        ModelInfo? chosen = modelName is null && sheet.Sheet is null ? null : ModelLookup.Find(learned, modelName);
        foreach (var leftOut in learned.LeftOut)
            if (chosen is null || leftOut.Model is null || string.Equals(leftOut.Model, chosen.Name, StringComparison.OrdinalIgnoreCase))
                error.WriteLine($"cin: warning: {leftOut.Message} (left out)");
        return sheet.Sheet is null ? List(chosen is null ? learned.Models : [chosen]) : Sheet(chosen!, sheet);
    });

    private int List(IReadOnlyList<ModelInfo> models)
    {
        var rows = new List<string[]> { new[] { "index", "name", "aliases", "model", "origin", "title" } };
        foreach (var model in models)
            foreach (var style in model.Styles)
                rows.Add([style.Index.ToString(CultureInfo.InvariantCulture), style.Name,
                    style.Aliases.Count == 0 ? "-" : string.Join(',', style.Aliases), model.Name, style.Origin, Title(style)]);
        int[] widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(($"{row[0].PadLeft(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  " +
                              $"{row[3].PadRight(widths[3])}  {row[4].PadRight(widths[4])}  {row[5]}").TrimEnd());
        return ExitCodes.Success;
    }

    /// <summary>The photo, then every style, labelled "index name", written atomically like any output.</summary>
    private int Sheet(ModelInfo model, SheetRequest request)
    {
        var clock = Stopwatch.StartNew();
        string path = request.Sheet!;
        ImageWriter.CheckDestination(path, request.Force);
        FeatureMap photo = request.Photo is { } file
            ? ImageReader.Read(file, new ImageReadOptions(MemoryBudget.DefaultMaxPixels(1, request.TileSize), KeepMetadata: false)).Rgb
            : SampleScene.Create();
        StyleNetwork network = catalog.Load(model.Name);

        var entries = new List<SheetEntry> { new(request.Photo is null ? "original (built-in)" : "original", null) };
        foreach (var style in model.Styles)
        {
            var weights = new float[model.Styles.Count];
            weights[style.Index] = 1;
            entries.Add(new SheetEntry($"{style.Index} {style.Name}", StyleParameters.Blend(network, model, weights)));
        }
        FeatureMap sheet = ContactSheet.Build(photo, network, entries, request.TileSize, Math.Max(1, request.Threads));
        ImageWriter.Write(sheet, null, path, new ImageWriteOptions(Quality: 92, Overwrite: request.Force));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {sheet.Width}x{sheet.Height}, {model.Styles.Count} styles of {model.Name}, {clock.Elapsed.TotalSeconds:0.00} s"));
        return ExitCodes.Success;
    }

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
