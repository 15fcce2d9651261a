using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace Cin.PowerShell;

/// <summary>How the Convert-Cin* cmdlets turn a -Destination into a file system path.</summary>
internal static class DestinationPath
{
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
