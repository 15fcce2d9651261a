namespace Cin.PowerShell;

/// <summary>
/// One style of a built-in model, as Get-CinStyle writes it. It pipes into Convert-CinImage -Style, and prints as its
/// name, so "$style" and -Style $style mean the same style.
/// </summary>
public sealed class CinStyle
{
    public CinStyle(string model, int index, string name, string[] aliases, string? title, string? artist, string? year, string? source)
    {
        Model = model;
        Index = index;
        Name = name;
        Aliases = aliases;
        Title = title;
        Artist = artist;
        Year = year;
        Source = source;
    }

    /// <summary>The model the style belongs to.</summary>
    public string Model { get; }

    /// <summary>The style's row in the model's tables, also an alias.</summary>
    public int Index { get; }

    public string Name { get; }

    public string[] Aliases { get; }

    /// <summary>The painting's title; null where the model does not know it.</summary>
    public string? Title { get; }

    public string? Artist { get; }

    public string? Year { get; }

    /// <summary>Where the style's training image came from.</summary>
    public string? Source { get; }

    /// <summary>"built-in", or the style file a learned style was read from.</summary>
    public string Origin { get; init; } = "built-in";

    public override string ToString() => Name;
}
