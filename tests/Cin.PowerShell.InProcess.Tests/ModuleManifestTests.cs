using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PowerShellEngine = System.Management.Automation.PowerShell;

namespace Cin.PowerShell.InProcess.Tests;

/// <summary>The module as Import-Module sees it: the manifest beside Cin.dll in this build output.</summary>
[Collection(CinShell.Collection)]
public sealed class ModuleManifestTests
{
    [Fact]
    public void ImportModuleExportsTheCmdletsAndTheyRun()
    {
        StyleCatalog.Catalog = TinyCatalog.Instance;
        StyleCatalog.StyleFolder = Path.Combine(Path.GetTempPath(), "cin-no-styles-" + Guid.NewGuid().ToString("N"));
        using var powerShell = PowerShellEngine.Create(InitialSessionState.CreateDefault());
        string manifest = Path.Combine(AppContext.BaseDirectory, "Cin.psd1");

        var module = Assert.IsType<PSModuleInfo>(Assert.Single(powerShell.AddCommand("Import-Module")
            .AddParameter("Name", manifest).AddParameter("PassThru").Invoke()).BaseObject);
        powerShell.Commands.Clear();
        var styles = powerShell.AddScript("Get-CinStyle").Invoke();

        Assert.Empty(powerShell.Streams.Error);
        Assert.Equal(["Convert-CinImage", "Convert-CinVideo", "Get-CinStyle", "New-CinStyle"], module.ExportedCmdlets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["starry-night", "great-wave"], styles.Select(s => ((CinStyle)s.BaseObject).Name));
    }
}
