using System.Runtime.Intrinsics;

namespace Cin.Engine.Simd;

/// <summary>Which vector widths this process runs with, widest first.</summary>
public static class SimdPaths
{
    public static bool Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
    public static bool Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated;
    public static bool Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated;

    /// <summary>
    /// The widest lane count, at most <paramref name="maxLanes"/>, that is accelerated and divides
    /// <paramref name="channels"/>.
    /// </summary>
    public static int WidestFor(int channels, int maxLanes = 16) =>
        maxLanes >= 16 && Vector512 && channels % 16 == 0 ? 16
        : maxLanes >= 8 && Vector256 && channels % 8 == 0 ? 8
        : maxLanes >= 4 && Vector128 && channels % 4 == 0 ? 4
        : 1;

    public static string Describe()
    {
        var parts = new List<string>();
        if (Vector512) parts.Add("vector512");
        if (Vector256) parts.Add("vector256");
        if (Vector128) parts.Add("vector128");
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) parts.Add("fma");
        if (parts.Count == 0) parts.Add("scalar");
        return string.Join(' ', parts);
    }
}
