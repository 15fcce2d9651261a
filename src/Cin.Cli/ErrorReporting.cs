using Cin.Engine.Imaging;
using Cin.Engine.Network.Streaming;

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
            error.WriteLine($"cin: {e.Message}{Hint(e)}");
            return e.Error == ImageFileError.UnknownOutputFormat ? ExitCodes.Usage : ExitCodes.Failure;
        }
        catch (Cin.Engine.Styles.StyleFileException e)
        {
            error.WriteLine($"cin: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine("cin: out of memory; try --max-memory, --work-size or a smaller image");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            error.WriteLine($"cin: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            Debug(error, e);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The one line (without "cin: ") for a file that failed in a run; it always names the file.</summary>
    public static string Describe(string input, Exception e, TextWriter error)
    {
        switch (e)
        {
            case ImageFileException file:
                return $"{file.Message}{Hint(file)}";
            case SpillSpaceException spill:
                return $"{input}: {OneLine(spill.Message)} (use --temp-dir for a folder with more free space, or raise --max-memory)";
            case MemoryLimitException limit:
                return $"{input}: {OneLine(limit.Message)} (raise --max-memory)";
            case OutOfMemoryException:
                return $"{input}: out of memory; try --max-memory, --work-size or fewer --jobs";
            default:
                Debug(error, e);
                return $"{input}: internal error: {e.GetType().Name}: {OneLine(e.Message)}";
        }
    }

    /// <summary>What the user can do about it, in cin's own option names.</summary>
    private static string Hint(ImageFileException e) => e.Error switch
    {
        ImageFileError.OutputExists => " (use --force to overwrite, or --skip-existing)",
        ImageFileError.TooLarge => " (use --work-size, or raise --max-pixels)",
        ImageFileError.OutputCollision => " (use {name} in --name, or fewer inputs)",
        ImageFileError.OutputIsInput => " (choose another -o or --name)",
        _ => "",
    };

    private static void Debug(TextWriter error, Exception e)
    {
        if (Environment.GetEnvironmentVariable("CIN_DEBUG") is { Length: > 0 }) error.WriteLine(e);
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
