namespace Cin.Engine.Styles;

/// <summary>The rule for a style's name, the same as the built-in styles': kebab-case, so it is safe in file names and on a command line.</summary>
public static class StyleNames
{
    public const int MaxLength = 64;

    /// <summary>
    /// Lower-case letters and digits in groups joined by single hyphens, at most <see cref="MaxLength"/> characters,
    /// with at least one letter: an all-digit name would read as a built-in style's numeric alias.
    /// </summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength || name[0] == '-' || name[^1] == '-') return false;
        bool letter = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c is >= 'a' and <= 'z') letter = true;
            else if (c == '-') { if (name[i - 1] == '-') return false; }
            else if (c is < '0' or > '9') return false;
        }
        return letter;
    }
}
