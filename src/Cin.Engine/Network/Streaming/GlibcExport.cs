using System.Runtime.InteropServices;

namespace Cin.Engine.Network.Streaming;

/// <summary>
/// Finds a function in glibc for the few calls .NET does not wrap. Linux with glibc only: elsewhere, and under musl,
/// there is nothing to find and the callers fall back to doing without.
/// </summary>
internal static class GlibcExport
{
    /// <summary>The function's address, or zero.</summary>
    public static nint Find(string name)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try
        {
            if (NativeLibrary.TryLoad("libc.so.6", out nint libc) && NativeLibrary.TryGetExport(libc, name, out nint export))
                return export;
        }
        catch (Exception e) when (e is BadImageFormatException or DllNotFoundException) { }
        return 0;
    }
}
