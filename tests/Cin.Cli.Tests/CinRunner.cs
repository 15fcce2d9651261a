using Cin.Engine.Network;

namespace Cin.Cli.Tests;

/// <summary>Runs a cin command line in-process against the tiny model, capturing what it prints.</summary>
internal static class CinRunner
{
    public static CinResult Run(params string[] args) => Run(new TinyCatalog(), args);

    public static CinResult Run(IModelCatalog catalog, params string[] args) => Run(catalog, CinConsole.Redirected, args);

    public static CinResult Run(IModelCatalog catalog, CinConsole console, params string[] args) => RunWithStyles(catalog, console, NoStyles, args);

    /// <summary>As <see cref="Run(IModelCatalog, CinConsole, string[])"/>, with learned styles read from <paramref name="styleFolder"/>.</summary>
    public static CinResult RunWithStyles(IModelCatalog catalog, CinConsole console, string styleFolder, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CinCommand.Run(args, catalog, TextWriter.Synchronized(output), TextWriter.Synchronized(error), console, styleFolder: styleFolder);
        return new CinResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>A style folder that does not exist: in-process runs never see the learned styles of whoever runs the tests.</summary>
    private static readonly string NoStyles = Path.Combine(Path.GetTempPath(), "cin-tests-no-styles-" + Guid.NewGuid().ToString("N"));
}

internal sealed record CinResult(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The single error line of a failed command (asserting there is exactly one).</summary>
    public string SingleErrorLine()
    {
        Assert.True(ErrorLines.Length == 1, $"Expected one error line, got:\n{Error}");
        return ErrorLines[0];
    }
}
