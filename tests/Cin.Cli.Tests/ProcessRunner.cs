using System.Diagnostics;

namespace Cin.Cli.Tests;

/// <summary>Runs a cin executable as a real process, the way a user's shell would.</summary>
internal static class ProcessRunner
{
    public static CinResult Run(string executable, params string[] args) => Run(executable, TimeSpan.FromMinutes(2), args);

    /// <summary>Runs with a time limit; a process still running then is killed and the test fails.</summary>
    public static CinResult Run(string executable, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', args)} did not finish in {limit.TotalSeconds:0} s.");
        }
        return new CinResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The cin built beside these tests (the project reference copies its apphost here).</summary>
    public static string BuiltCin => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "cin.exe" : "cin");

    /// <summary>The NativeAOT binary that build.ps1 publishes, or null when it has not been published.</summary>
    public static string? PublishedCin
    {
        get
        {
            string? root = RepoRoot;
            if (root is null) return null;
            string path = Path.Combine(root, "artifacts", "publish", "cin", OperatingSystem.IsWindows() ? "cin.exe" : "cin");
            return File.Exists(path) ? path : null;
        }
    }

    /// <summary>The repository root (the folder holding global.json), found by walking up from the test binaries.</summary>
    public static string? RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "global.json")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Cin.Cli")))
                    return dir.FullName;
            return null;
        }
    }

    /// <summary>The shared content photos (beside the repository), or an empty list when they are not there.</summary>
    public static string[] SharedPhotos()
    {
        string? root = RepoRoot;
        string folder = root is null ? "" : Path.Combine(root, "..", "shared", "data", "content");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToArray() : [];
    }
}
