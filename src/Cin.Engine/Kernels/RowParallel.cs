namespace Cin.Engine.Kernels;

/// <summary>
/// The one way the engine spreads independent rows (or bands of rows) over threads: on the calling thread when there
/// is one thread or one row, else on up to <c>threads</c> pool threads. A caller whose work is too small to pay for
/// waking the pool passes <c>threads: 1</c> for it.
/// </summary>
internal static class RowParallel
{
    /// <summary>Runs <paramref name="row"/> once for each of 0 .. <paramref name="count"/> - 1, in any order when threaded.</summary>
    public static void For(int count, int threads, Action<int> row)
    {
        if (threads <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++) row(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, row);
    }
}
