using Cin.Engine.Simd;

namespace Cin.Engine.Tests;

/// <summary>
/// The SIMD strategies by name, so one test process runs a kernel on each of them against its reference twin,
/// whichever the dispatcher would pick here. A strategy this CPU does not run is skipped, with the reason.
/// </summary>
internal static class SimdStrategy
{
    public static readonly string[] All = ["512", "256", "128", "scalar"];

    public static int Lanes(string strategy) => strategy switch
    {
        "512" => Simd512.Count,
        "256" => Simd256.Count,
        "128" => Simd128.Count,
        _ => SimdScalar.Count,
    };

    /// <summary>Skips the test when this CPU, or the DOTNET_Enable* switches of this run, leave the strategy out.</summary>
    public static void SkipUnlessRunnable(string strategy)
    {
        bool runnable = strategy switch
        {
            "512" => SimdPaths.Vector512,
            "256" => SimdPaths.Vector256,
            "128" => SimdPaths.Vector128,
            _ => true,
        };
        if (!runnable) Assert.Skip($"This CPU (or the DOTNET_Enable* switches of this run) does not run the {strategy}-bit strategy.");
    }

    /// <summary>Runs <paramref name="kernel"/> on the named strategy, or skips the test when it cannot run here.</summary>
    public static void Run<TKernel>(string strategy, ref TKernel kernel) where TKernel : struct, ISimdKernel, allows ref struct
    {
        SkipUnlessRunnable(strategy);
        switch (strategy)
        {
            case "512": kernel.Run<Simd512>(); break;
            case "256": kernel.Run<Simd256>(); break;
            case "128": kernel.Run<Simd128>(); break;
            case "scalar": kernel.Run<SimdScalar>(); break;
            default: throw new ArgumentException($"No strategy '{strategy}'.", nameof(strategy));
        }
    }
}
