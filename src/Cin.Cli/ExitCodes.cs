namespace Cin.Cli;

/// <summary>The process exit codes, following the common Unix convention.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command was well formed but could not be carried out: a bad input file, an unwritable output.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: an unknown option, a missing argument, an unknown style or model.</summary>
    public const int Usage = 2;
}
