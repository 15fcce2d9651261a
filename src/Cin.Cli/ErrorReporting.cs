using Cin.Engine.Imaging;

namespace Cin.Cli;

/// <summary>
/// Turns the errors a command can meet into one line on the error writer, "cin: &lt;file&gt;: &lt;reason&gt;", and an exit
/// code. Anything unexpected is a bug in cin: it still gets one line, plus the stack trace when CIN_DEBUG is set.
/// </summary>
internal static class ErrorReporting
{
    public static int Run(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UsageException e)
        {
            error.WriteLine($"cin: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ImageFileException e)
        {
            string hint = e.Error == ImageFileError.OutputExists ? " (use --force to overwrite)" : "";
            error.WriteLine($"cin: {e.Message}{hint}");
            return e.Error == ImageFileError.UnknownOutputFormat ? ExitCodes.Usage : ExitCodes.Failure;
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine("cin: out of memory; try a smaller image");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            error.WriteLine($"cin: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("CIN_DEBUG") is { Length: > 0 }) error.WriteLine(e);
            return ExitCodes.Failure;
        }
    }
}
