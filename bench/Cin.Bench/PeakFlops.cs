using System.Diagnostics;
using System.Runtime.Intrinsics;
using Cin.Engine.Simd;

namespace Cin.Bench;

/// <summary>
/// This machine's fp32 multiply-add peak, measured now: independent FMA chains on the widest vectors the engine uses,
/// long enough to hide latency, on 1..N threads at once. The table's "% of peak" divides by this.
/// </summary>
public static class PeakFlops
{
    public static double Measure(int threads)
    {
        double best = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var counts = new long[threads];
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => counts[t] = Spin(TimeSpan.FromMilliseconds(300)));
            double seconds = sw.Elapsed.TotalSeconds;
            best = Math.Max(best, counts.Sum() / seconds / 1e9);
        }
        return best;
    }

    private static long Spin(TimeSpan duration) =>
        SimdPaths.Vector512 ? Spin<Simd512>(duration) : SimdPaths.Vector256 ? Spin<Simd256>(duration) : Spin<Simd128>(duration);

    private static long Spin<T>(TimeSpan duration) where T : unmanaged, ISimd<T>
    {
        var chains = new Chains<T>();
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < duration)
        {
            Burst(ref chains);
            iterations += BurstLength;
        }
        GC.KeepAlive(chains);
        return iterations * Chains<T>.Count * 2 * T.Count;
    }

    private const int BurstLength = 1 << 16;

    private struct Chains<T> where T : unmanaged, ISimd<T>
    {
        public const int Count = 12;
        public T A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11;
    }

    // The chains live in registers only inside a loop with no calls: across a call (the clock read) the JIT would
    // spill all twelve to the stack on every pass, and the loads and stores, not the FMAs, would set the rate.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining |
        System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Burst<T>(ref Chains<T> chains) where T : unmanaged, ISimd<T>
    {
        T a0 = chains.A0, a1 = chains.A1, a2 = chains.A2, a3 = chains.A3, a4 = chains.A4, a5 = chains.A5;
        T a6 = chains.A6, a7 = chains.A7, a8 = chains.A8, a9 = chains.A9, a10 = chains.A10, a11 = chains.A11;
        T m = T.Broadcast(0.9999999f), c = T.Broadcast(1e-7f);
        for (int i = 0; i < BurstLength; i++)
        {
            a0 = T.MultiplyAdd(a0, m, c); a1 = T.MultiplyAdd(a1, m, c); a2 = T.MultiplyAdd(a2, m, c);
            a3 = T.MultiplyAdd(a3, m, c); a4 = T.MultiplyAdd(a4, m, c); a5 = T.MultiplyAdd(a5, m, c);
            a6 = T.MultiplyAdd(a6, m, c); a7 = T.MultiplyAdd(a7, m, c); a8 = T.MultiplyAdd(a8, m, c);
            a9 = T.MultiplyAdd(a9, m, c); a10 = T.MultiplyAdd(a10, m, c); a11 = T.MultiplyAdd(a11, m, c);
        }
        chains.A0 = a0; chains.A1 = a1; chains.A2 = a2; chains.A3 = a3; chains.A4 = a4; chains.A5 = a5;
        chains.A6 = a6; chains.A7 = a7; chains.A8 = a8; chains.A9 = a9; chains.A10 = a10; chains.A11 = a11;
    }
}
