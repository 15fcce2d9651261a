namespace Cin.Engine.Video;

/// <summary>Runs a per-row loop on up to <c>threads</c> pool threads, in bands, or inline for one thread or a small map.</summary>
internal static class Rows
{
    /// <summary>Below this many rows a band per thread costs more to hand out than it saves.</summary>
    private const int MinimumRows = 64;

    public static void For(int rows, int threads, Action<int> row)
    {
        if (threads <= 1 || rows < MinimumRows)
        {
            for (int y = 0; y < rows; y++) row(y);
            return;
        }
        int bands = Math.Min(threads, rows);
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = threads }, band =>
        {
            int start = (int)((long)rows * band / bands), end = (int)((long)rows * (band + 1) / bands);
            for (int y = start; y < end; y++) row(y);
        });
    }
}
