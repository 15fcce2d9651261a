namespace Cin.Import.Model;

/// <summary>A row of styles.tsv. Unknown free-text values are "-".</summary>
internal sealed record StyleInfo(int Index, string Name, IReadOnlyList<string> Aliases, string Title, string Artist, string Year, string Source);
