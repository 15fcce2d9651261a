namespace Cin.Cli;

/// <summary>A mistake in what the user typed (as opposed to a problem with a file); exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
