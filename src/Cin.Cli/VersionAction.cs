using System.CommandLine;
using System.CommandLine.Invocation;

namespace Cin.Cli;

/// <summary>Replaces System.CommandLine's --version action, which prints only the version, with <see cref="VersionInfo.Line"/>.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    // Like the built-in help and version actions: `cin --version` is a complete command, not a missing <input>.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(VersionInfo.Line());
        return ExitCodes.Success;
    }
}
