using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PowerShellEngine = System.Management.Automation.PowerShell;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>
/// A runspace of the pwsh 7.6 engine with the module's cmdlets in it, as SessionStateCmdletEntry items (what
/// Import-Module does for a binary module, minus finding the file), and the tiny model catalog in place.
/// </summary>
/// <remarks>
/// The catalog is static and the tests count the network's runs, so every test class joins the collection named
/// <see cref="Collection"/>, whose tests run one at a time.
/// </remarks>
internal sealed class CinShell : IDisposable
{
    public const string Collection = "pwsh runspace";

    private readonly PowerShellEngine _powerShell;

    /// <param name="catalog">The models the cmdlets see; the tiny catalog by default.</param>
    public CinShell(string location, Cin.Engine.Network.IModelCatalog? catalog = null)
    {
        StyleCatalog.Catalog = catalog ?? TinyCatalog.Instance;
        StyleCatalog.Learning = new Cin.TestSupport.Learning.StandInLearningBackend();
        // Learned styles live in the test's own folder, never the user's.
        StyleCatalog.StyleFolder = Path.Combine(location, "styles");
        var state = InitialSessionState.CreateDefault();
        state.Commands.Add(new SessionStateCmdletEntry("Get-CinStyle", typeof(GetCinStyleCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Convert-CinImage", typeof(ConvertCinImageCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("New-CinStyle", typeof(NewCinStyleCommand), null));
        _powerShell = PowerShellEngine.Create(state);
        _powerShell.AddCommand("Set-Location").AddParameter("LiteralPath", location).Invoke();
        _powerShell.Commands.Clear();
    }

    /// <summary>Runs a script; its output, and the non-terminating errors and warnings it wrote.</summary>
    public ShellResult Run(string script)
    {
        _powerShell.Commands.Clear();
        _powerShell.Streams.ClearStreams();
        _powerShell.AddScript(script);
        Collection<PSObject> output = _powerShell.Invoke();
        return new ShellResult(
            output.Select(o => o.BaseObject).ToList(),
            _powerShell.Streams.Error.ToList(),
            _powerShell.Streams.Warning.Select(w => w.Message).ToList());
    }

    public void Dispose() => _powerShell.Dispose();
}

internal sealed record ShellResult(List<object> Output, List<ErrorRecord> Errors, List<string> Warnings)
{
    /// <summary>The error ids, without the command name PowerShell appends ("NotAnImage", not "NotAnImage,Cin...").</summary>
    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]);
}
