namespace Cin.Cli;

/// <summary>The process exit codes, following the common Unix convention.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command was well formed but could not be carried out: a bad input file, an unwritable output. In a run
    /// of several files: at least one failed (the others were still done).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: an unknown option, a missing argument, an unknown style or model.</summary>
    public const int Usage = 2;

    /// <summary>The run was interrupted (Ctrl-C or SIGTERM) before every file was done: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;
}
