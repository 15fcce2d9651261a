using System.Globalization;
using Cin.Import.Model;

namespace Cin.Import.Output;

/// <summary>styles.tsv: the header, then one tab-separated row per style in index order.</summary>
internal static class StylesTsvWriter
{
    public const string Header = "index\tname\taliases\ttitle\tartist\tyear\tsource";

    public static byte[] Build(ImportedModel model)
    {
        var file = new TextFile().Line(Header);
        foreach (StyleInfo style in model.Styles)
        {
            string[] cells =
            [
                style.Index.ToString(CultureInfo.InvariantCulture),
                style.Name,
                string.Join(",", style.Aliases),
                style.Title,
                style.Artist,
                style.Year,
                style.Source,
            ];
            if (cells.Any(cell => cell.Contains('\t') || cell.Contains('\n')))
                throw new InvalidOperationException($"style {style.Index} has a tab or line break in a cell");
            file.Line(string.Join("\t", cells));
        }
        return file.ToBytes();
    }
}
