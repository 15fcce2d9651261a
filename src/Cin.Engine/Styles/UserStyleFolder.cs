namespace Cin.Engine.Styles;

/// <summary>
/// Where learned styles are kept: <c>$XDG_DATA_HOME/cin/styles</c> (or <c>~/.local/share/cin/styles</c>) on Linux and
/// macOS, <c>%APPDATA%\cin\styles</c> on Windows. <c>CIN_STYLES_DIR</c> overrides it (tests, and people who keep styles
/// with a project).
/// </summary>
public static class UserStyleFolder
{
    public const string OverrideVariable = "CIN_STYLES_DIR";

    public static string Path => Resolve(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows());

    /// <summary>The folder for the given environment; separate so that tests can pass their own.</summary>
    public static string Resolve(Func<string, string?> environment, bool windows)
    {
        if (NonEmpty(environment(OverrideVariable)) is { } chosen) return chosen;
        if (windows)
        {
            string appData = NonEmpty(environment("APPDATA")) ?? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            return System.IO.Path.Combine(appData, "cin", "styles");
        }
        // The XDG base directory rule: a relative XDG_DATA_HOME is invalid and is ignored.
        string? xdg = NonEmpty(environment("XDG_DATA_HOME"));
        if (xdg is not null && System.IO.Path.IsPathRooted(xdg)) return System.IO.Path.Combine(xdg, "cin", "styles");
        string home = NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return System.IO.Path.Combine(home, ".local", "share", "cin", "styles");
    }

    /// <summary>The file a style of this name is saved to by default.</summary>
    public static string FileFor(string styleName) => System.IO.Path.Combine(Path, styleName + StyleFileFormat.Extension);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
