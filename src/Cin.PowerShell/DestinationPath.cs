using System.Management.Automation;
using Cin.Engine.Batch;
using Microsoft.PowerShell.Commands;

namespace Cin.PowerShell;

/// <summary>How the Convert-Cin* cmdlets turn a -Destination into outputs: the engine's planner, with PowerShell's paths.</summary>
internal static class DestinationPath
{
    /// <summary>
    /// The output planner for a -Destination (null: beside each input) and -Force. A destination with a token that is
    /// not one of ours throws a terminating <see cref="CmdletErrorException"/>.
    /// </summary>
    public static OutputPlanner Planner(PSCmdlet cmdlet, string? destination, bool force)
    {
        try
        {
            return new OutputPlanner(new OutputRequest
            {
                Destination = destination,
                DestinationHasTokens = true,
                Overwrite = force,
                CreateFolders = true,
                ResolvePath = written => Resolve(cmdlet.SessionState, written),
            });
        }
        catch (OutputPatternException e)
        {
            throw new CmdletErrorException(new ErrorRecord(new ArgumentException($"-Destination: {e.Message}", e),
                "UnknownDestinationToken", ErrorCategory.InvalidArgument, destination));
        }
    }

    /// <summary>A -Destination, its tokens expanded, as a file system path (relative to the current location).</summary>
    public static string Resolve(SessionState state, string written)
    {
        try
        {
            string resolved = state.Path.GetUnresolvedProviderPathFromPSPath(written, out ProviderInfo provider, out _);
            if (provider.ImplementingType != typeof(FileSystemProvider))
                throw new PSArgumentException($"-Destination '{written}' is not a file system path.");
            return resolved;
        }
        catch (Exception e) when (e is SessionStateException or PSArgumentException or ArgumentException or NotSupportedException)
        {
            throw new CmdletErrorException(new ErrorRecord(e, "InvalidDestination", ErrorCategory.InvalidArgument, written));
        }
    }
}
