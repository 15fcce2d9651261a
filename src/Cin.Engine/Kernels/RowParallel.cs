namespace Cin.Engine.Kernels;

/// <summary>
/// The one way the engine spreads independent rows (or bands of rows) over threads: on the calling thread when there
/// is one thread or one row, else on up to <c>threads</c> pool threads. A caller whose work is too small to pay for
/// waking the pool passes <c>threads: 1</c> for it.
/// </summary>
/// <remarks>
/// It is also where a long run answers cancellation. A run enters <see cref="Cancellable"/> on its thread; every loop
/// started there checks the token before each row (or band), and the pool threads a loop borrows carry the token while
/// they run its rows, so a kernel whose bands are long checks it inside them too (<see cref="ThrowIfCancellationRequested"/>).
/// The token travels beside the kernels rather than through their signatures: they take a thread count, and a
/// cancelled run is one whose every loop stops at its next row. The check is a field read per row, never per pixel.
/// </remarks>
internal static class RowParallel
{
    // The run's cancellation on this thread: set by Cancellable on the run's thread, and for the rows a pool thread
    // runs on a loop's behalf.
    [ThreadStatic] private static CancellationToken t_cancellation;

    /// <summary>Runs <paramref name="row"/> once for each of 0 .. <paramref name="count"/> - 1, in any order when threaded.</summary>
    /// <exception cref="OperationCanceledException">The run on this thread was cancelled; rows already started finish first.</exception>
    public static void For(int count, int threads, Action<int> row)
    {
        var cancellation = t_cancellation;
        if (threads <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                row(i);
            }
            return;
        }
        if (!cancellation.CanBeCanceled)
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, row);
            return;
        }
        // Parallel.For stops handing out rows once the token is cancelled, and throws one OperationCanceledException
        // (also when rows threw it with the same token: nested loops and long bands on the pool threads).
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation }, i =>
        {
            var outer = t_cancellation;
            t_cancellation = cancellation;
            try
            {
                row(i);
            }
            finally
            {
                t_cancellation = outer;
            }
        });
    }

    /// <summary>
    /// Splits 0 .. <paramref name="count"/> - 1 into up to <paramref name="threads"/> runs of at least
    /// <paramref name="smallest"/> items (one run when there are fewer), and calls <paramref name="run"/> with each
    /// run's first item and length: for products over whole runs of pixels, where rows would be too short.
    /// </summary>
    public static void ForRuns(int count, int threads, int smallest, Action<int, int> run)
    {
        int parts = Math.Clamp(count / Math.Max(1, smallest), 1, Math.Max(1, threads));
        For(parts, parts, part =>
        {
            int start = (int)((long)count * part / parts);
            run(start, (int)((long)count * (part + 1) / parts) - start);
        });
    }

    /// <summary>
    /// Throws if the run on this thread has been cancelled: for a kernel inside a band long enough (a whole layer split
    /// in a few bands) that a check per row of <see cref="For"/> would come too late.
    /// </summary>
    public static void ThrowIfCancellationRequested() => t_cancellation.ThrowIfCancellationRequested();

    /// <summary>
    /// Makes the loops on this thread answer <paramref name="cancellation"/> until the returned scope is disposed. A
    /// token that cannot be cancelled leaves an enclosing run's in force (an inner call that was given none).
    /// </summary>
    public static CancellationScope Cancellable(CancellationToken cancellation)
    {
        var outer = t_cancellation;
        if (cancellation.CanBeCanceled) t_cancellation = cancellation;
        return new CancellationScope(outer);
    }

    /// <summary>Restores the cancellation that was in force before <see cref="Cancellable"/>.</summary>
    public readonly struct CancellationScope : IDisposable
    {
        private readonly CancellationToken _outer;

        internal CancellationScope(CancellationToken outer) => _outer = outer;

        public void Dispose() => t_cancellation = _outer;
    }
}
