using System.Reflection;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Cin.Cli;

/// <summary>
/// What `cin --version` prints: the version, then which SIMD paths this binary actually uses. In a NativeAOT build
/// these are fixed when the binary is compiled (IlcInstructionSet), so the line tells whether the fast kernels made
/// it in, e.g. "cin 0.1.0 (simd: vector256 vector128 avx2 fma; off: vector512 avx512f advsimd)".
/// </summary>
public static class VersionInfo
{
    public static string Line()
    {
        var on = new List<string>();
        var off = new List<string>();
        void Add(string name, bool active) => (active ? on : off).Add(name);
        Add("vector512", Vector512.IsHardwareAccelerated);
        Add("vector256", Vector256.IsHardwareAccelerated);
        Add("vector128", Vector128.IsHardwareAccelerated);
        Add("avx2", Avx2.IsSupported);
        Add("fma", Fma.IsSupported);
        Add("avx512f", Avx512F.IsSupported);
        Add("advsimd", AdvSimd.IsSupported);
        string simd = $"simd: {(on.Count == 0 ? "none" : string.Join(' ', on))}";
        if (off.Count > 0) simd += $"; off: {string.Join(' ', off)}";
        return $"cin {Version()} ({simd})";
    }

    /// <summary>The informational version, with a source-revision suffix (0.1.0+abcdef0123...) shortened to 7 digits.</summary>
    public static string Version()
    {
        string version = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(VersionInfo).Assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        int plus = version.IndexOf('+');
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }
}
