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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long Spin<T>(TimeSpan duration) where T : unmanaged, ISimd<T>
    {
        T a0 = T.Broadcast(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        T m = T.Broadcast(0.9999999f), c = T.Broadcast(1e-7f);
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < duration)
        {
            for (int i = 0; i < 4096; i++)
            {
                a0 = T.MultiplyAdd(a0, m, c); a1 = T.MultiplyAdd(a1, m, c); a2 = T.MultiplyAdd(a2, m, c);
                a3 = T.MultiplyAdd(a3, m, c); a4 = T.MultiplyAdd(a4, m, c); a5 = T.MultiplyAdd(a5, m, c);
                a6 = T.MultiplyAdd(a6, m, c); a7 = T.MultiplyAdd(a7, m, c); a8 = T.MultiplyAdd(a8, m, c);
                a9 = T.MultiplyAdd(a9, m, c); a10 = T.MultiplyAdd(a10, m, c); a11 = T.MultiplyAdd(a11, m, c);
            }
            iterations += 4096;
        }
        unsafe
        {
            // Keep the chains alive so the JIT cannot drop them.
            float* sink = stackalloc float[16];
            T.Store(T.Add(T.Add(T.Add(a0, a1), T.Add(a2, a3)), T.Add(T.Add(T.Add(a4, a5), T.Add(a6, a7)), T.Add(T.Add(a8, a9), T.Add(a10, a11)))), sink);
            GC.KeepAlive(sink[0]);
        }
        return iterations * 12 * 2 * T.Count;
    }
}
