using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace Cin.PowerShell;

/// <summary>
/// Keeps the module's dependencies (Cin.Engine, Cin.Models, Cin.Features, SixLabors.ImageSharp) out of pwsh's default load
/// context. pwsh 7.6 itself loads none of them, but ImageSharp is common in other modules, in other major versions
/// (2.x is assembly version 2.0.0.0, 3.x is 3.0.0.0): in one shared context, whichever module loads first wins and
/// the other fails with a FileLoadException or a MissingMethodException. Here they live in the <c>dependencies</c>
/// folder beside Cin.dll, which nothing probes, and load into this context only.
/// </summary>
/// <remarks>
/// Cin.dll stays in the default context (PowerShell loads it) and references Cin.Engine, Cin.Models and Cin.Features
/// directly. When the runtime asks the default context for one of those three, <see cref="ResolveOwnAssembly"/> answers with this
/// context's copy; everything those assemblies reference is then resolved here, by <see cref="Load"/>, first from
/// the folder and otherwise (the framework) from the default context.
/// </remarks>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly string[] s_ownAssemblies = ["Cin.Engine", "Cin.Models", "Cin.Features"];
    private static readonly object s_gate = new();
    private static bool s_registered;

    private readonly string _folder;

    private DependencyLoadContext(string folder) : base("Cin", isCollectible: false) => _folder = folder;

    public static DependencyLoadContext Instance { get; } = new(FindFolder());

    public static void Register()
    {
        lock (s_gate)
        {
            if (s_registered) return;
            Default.Resolving += ResolveOwnAssembly;
            s_registered = true;
        }
    }

    protected override Assembly? Load(AssemblyName name)
    {
        string path = Path.Combine(_folder, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    private static Assembly? ResolveOwnAssembly(AssemblyLoadContext context, AssemblyName name) =>
        Array.IndexOf(s_ownAssemblies, name.Name) >= 0 ? Instance.LoadFromAssemblyName(name) : null;

    // The laid-out module keeps them in dependencies/; a plain build output has them beside Cin.dll.
    private static string FindFolder()
    {
        string here = Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!;
        string dependencies = Path.Combine(here, "dependencies");
        return Directory.Exists(dependencies) ? dependencies : here;
    }
}

/// <summary>
/// PowerShell calls <see cref="OnImport"/> when the module is imported, before any cmdlet runs. The handler stays for
/// the life of the process: the module may be imported in several runspaces, the assemblies cannot be unloaded, and
/// the handler answers only for this module's own three assembly names.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport() => DependencyLoadContext.Register();
}
