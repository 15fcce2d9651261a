using System.Diagnostics;
using System.Globalization;
using Cin.Engine;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Photos;

namespace Cin.Cli;

/// <summary>What `cin styles --sheet` asks for.</summary>
/// <param name="Sheet">The contact sheet to write; null lists the styles instead.</param>
/// <param name="Photo">The photo on the sheet; null for <see cref="SampleScene"/>.</param>
public sealed record SheetRequest(string? Sheet = null, string? Photo = null, int TileSize = 256, bool Force = false, int Threads = 1);

/// <summary>
/// `cin styles`: a table of a model's styles, one per line, with what --style accepts for each; with --sheet, a
/// contact sheet of the photo in every style instead.
/// </summary>
public sealed class StylesService(IModelCatalog catalog, TextWriter output, TextWriter error)
{
    public int Run(string? modelName) => Run(modelName, new SheetRequest());

    public int Run(string? modelName, SheetRequest sheet) => ErrorReporting.Run(error, () =>
    {
        ModelInfo model = ModelLookup.Find(catalog, modelName);
        return sheet.Sheet is null ? List(model) : Sheet(model, sheet);
    });

    private int List(ModelInfo model)
    {
        var rows = new List<string[]> { new[] { "index", "name", "aliases", "title" } };
        foreach (var style in model.Styles)
            rows.Add([style.Index.ToString(CultureInfo.InvariantCulture), style.Name,
                style.Aliases.Count == 0 ? "-" : string.Join(',', style.Aliases), Title(style)]);
        int[] widths = Enumerable.Range(0, 3).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine($"{row[0].PadLeft(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}".TrimEnd());
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
            entries.Add(new SheetEntry($"{style.Index} {style.Name}", network.Style(style.Index)));
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
