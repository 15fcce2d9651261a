using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cin.Generators.Model;

namespace Cin.Generators.Parsing;

/// <summary>Reads styles.tsv: a header, then one row per style in index order.</summary>
internal static class StylesParser
{
    public const string Header = "index\tname\taliases\ttitle\tartist\tyear\tsource";

    public static List<StyleSpec> Parse(ModelFile file, DiagnosticBag diagnostics)
    {
        var styles = new List<StyleSpec>();
        var taken = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);
        bool header = true;
        foreach (SourceLine line in LineReader.Lines(file.Text))
        {
            if (header)
            {
                if (line.Text != Header)
                {
                    diagnostics.Add(Diagnostics.Styles, file, line, $"the header must be '{Header.Replace("\t", "<tab>")}'");
                    return styles;
                }
                header = false;
                continue;
            }
            if (line.Text.Length == 0) continue;
            string[] cells = line.Text.Split('\t');
            if (cells.Length != 7)
            {
                diagnostics.Add(Diagnostics.Styles, file, line, $"a row has 7 tab-separated columns, this one has {cells.Length}");
                continue;
            }
            if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index != styles.Count)
            {
                diagnostics.Add(Diagnostics.Styles, file, line, $"expected index {styles.Count}, found '{cells[0]}' (rows are in index order from 0)");
                continue;
            }
            if (!Naming.IsKebab(cells[1]))
            {
                diagnostics.Add(Diagnostics.Styles, file, line, $"style name '{cells[1]}' is not kebab-case (lower-case letters and digits joined by '-')");
                continue;
            }
            string[] aliases = cells[2].Length == 0 || cells[2] == "-"
                ? new string[0]
                : cells[2].Split(',').Select(a => a.Trim()).ToArray();
            foreach (string id in new[] { cells[1] }.Concat(aliases))
            {
                if (id.Length == 0 || id.Any(char.IsWhiteSpace) || id.Contains("="))
                {
                    diagnostics.Add(Diagnostics.Styles, file, line, $"'{id}' cannot name a style (empty, or holds a space or '=')");
                }
                else if (taken.TryGetValue(id, out string? owner))
                {
                    diagnostics.Add(Diagnostics.Styles, file, line, $"'{id}' already names style '{owner}'");
                }
                else
                {
                    taken[id] = cells[1];
                }
            }
            styles.Add(new StyleSpec(index, cells[1], aliases.ToEquatableArray(), cells[3], cells[4], cells[5], cells[6]));
        }
        if (header) diagnostics.Add(Diagnostics.Styles, file, $"the file is empty; it needs the header '{Header.Replace("\t", "<tab>")}'");
        return styles;
    }
}
