using Cin.Engine.Imaging;
using Cin.Engine.Network;

namespace Cin.Engine.Photos;

/// <summary>One picture of a contact sheet: the label under it and the style it shows (null for the photo itself).</summary>
public sealed record SheetEntry(string Label, StyleParameters? Style);

/// <summary>
/// A contact sheet: the photo, then the photo in every style, as labelled tiles on a grid, so a user can see what
/// each style does before choosing (<c>cin styles --sheet</c>).
/// </summary>
public static class ContactSheet
{
    private const int Gap = 8;
    private const int Scale = 2;
    private const float Background = 0.11f;
    private const float Ink = 0.93f;

    /// <summary>The height of the label band under each tile: two lines of text.</summary>
    private static int Band => 2 * BitmapFont.LineHeight(Scale) + 3 * Scale + 6;

    /// <param name="photo">The photo, any size; it is shrunk so its long side is <paramref name="tileSize"/>.</param>
    /// <param name="progress">Reports each tile's label as it is started.</param>
    public static FeatureMap Build(FeatureMap photo, StyleNetwork network, IReadOnlyList<SheetEntry> entries, int tileSize = 256,
        int threads = 1, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tileSize, 32);
        if (entries.Count == 0) throw new ArgumentException("A contact sheet needs at least one entry.", nameof(entries));
        var (tw, th) = Resampling.Fit(photo.Width, photo.Height, tileSize);
        FeatureMap tilePhoto = Resampling.Resize(photo, tw, th, threads);
        var tiles = new List<(string, FeatureMap)>();
        foreach (var entry in entries)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(entry.Label);
            tiles.Add((entry.Label, entry.Style is null ? tilePhoto : Stylizer.Stylize(tilePhoto, network, entry.Style, threads)));
        }
        return Compose(tiles);
    }

    /// <summary>
    /// Lays labelled pictures of one size out on a grid (about 3:2 overall), each with its label centred under it;
    /// <paramref name="columns"/> fixes the number of columns.
    /// </summary>
    public static FeatureMap Compose(IReadOnlyList<(string Label, FeatureMap Picture)> tiles, int? columns = null)
    {
        if (tiles.Count == 0) throw new ArgumentException("Nothing to lay out.", nameof(tiles));
        int tw = tiles[0].Picture.Width, th = tiles[0].Picture.Height;
        if (tiles.Any(t => t.Picture.Width != tw || t.Picture.Height != th || t.Picture.Channels != 3))
            throw new ArgumentException("The pictures must be RGB maps of one size.", nameof(tiles));
        int cols = columns ?? (int)Math.Ceiling(Math.Sqrt(tiles.Count * (double)(th + Band) / tw * 1.5));
        cols = Math.Clamp(cols, 1, tiles.Count);
        int rows = (tiles.Count + cols - 1) / cols;
        int width = Gap + cols * (tw + Gap), height = Gap + rows * (th + Band + Gap);
        var sheet = new FeatureMap(height, width, 3);
        sheet.Span.Fill(Background);
        for (int n = 0; n < tiles.Count; n++)
        {
            var (label, tile) = tiles[n];
            int left = Gap + n % cols * (tw + Gap), top = Gap + n / cols * (th + Band + Gap);
            for (int y = 0; y < th; y++) tile.Row(y).CopyTo(sheet.Row(top + y).Slice(3 * left, 3 * tw));
            DrawLabel(sheet, label, left, top + th + 4, tw);
        }
        return sheet;
    }

    /// <summary>
    /// The label, centred under its tile: on one line if it fits, else broken at hyphens or spaces into two, else
    /// cut with "..".
    /// </summary>
    private static void DrawLabel(FeatureMap sheet, string label, int left, int top, int width)
    {
        int perLine = Math.Max(1, (width + Scale) / (BitmapFont.Advance * Scale));
        foreach (var (line, index) in Wrap(label, perLine).Take(2).Select((l, i) => (l, i)))
        {
            int x = left + (width - BitmapFont.Measure(line, Scale)) / 2;
            BitmapFont.Draw(sheet, line, x, top + index * (BitmapFont.LineHeight(Scale) + Scale), Scale, Ink, Ink, Ink);
        }
    }

    /// <summary>Splits a label into at most two lines of <paramref name="perLine"/> characters (public for tests).</summary>
    public static IEnumerable<string> Wrap(string text, int perLine)
    {
        if (text.Length <= perLine) return [text];
        // The last break point (after a hyphen, or at a space) that keeps the first line within the width.
        int cut = -1;
        for (int i = Math.Min(perLine, text.Length) - 1; i > 0 && cut < 0; i--)
            if (text[i] == '-' || text[i] == ' ') cut = i;
        string first = cut < 0 ? text[..perLine] : text[..(text[cut] == '-' ? cut + 1 : cut)];
        string rest = (cut < 0 ? text[perLine..] : text[(cut + 1)..]).Trim();
        if (rest.Length > perLine) rest = rest[..Math.Max(0, perLine - 2)] + "..";
        return [first.TrimEnd(), rest];
    }
}
