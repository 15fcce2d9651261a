namespace Cin.Engine.Network;

/// <summary>
/// Fresh activation buffers being faulted in ahead of a network's first run (see <see cref="StyleNetwork.Prepare"/>).
/// The work is cut into pieces that any number of threads take in turn: one thread starts while the photo decodes,
/// and the decoding thread joins in when it is done, so neither core waits on the other. The buffers go to the
/// network's pool when the last piece is done.
/// </summary>
public sealed class BufferPreparation
{
    /// <summary>Floats per piece (4 MiB): small enough to share out evenly, large enough that taking one costs nothing.</summary>
    private const int PieceLength = 1 << 20;

    /// <summary>Floats per 4 KiB page: one write per page is what faults it in.</summary>
    private const int PageLength = 1024;

    private readonly BufferPool _pool;
    private readonly float[][] _buffers;
    private readonly (int Buffer, int Start)[] _pieces;
    private readonly ManualResetEventSlim _done = new(false);
    private int _taken;
    private int _finished;

    internal BufferPreparation(BufferPool pool, float[][] buffers)
    {
        _pool = pool;
        _buffers = buffers;
        var pieces = new List<(int, int)>();
        for (int b = 0; b < buffers.Length; b++)
            for (int start = 0; start < buffers[b].Length; start += PieceLength) pieces.Add((b, start));
        _pieces = pieces.ToArray();
        if (_pieces.Length == 0) Finish();
    }

    /// <summary>Faults in pieces until none is left to take; returns without waiting for pieces other threads hold.</summary>
    public void Work() => Work(CancellationToken.None);

    private void Work(CancellationToken cancellation)
    {
        int piece;
        while (!cancellation.IsCancellationRequested && (piece = Interlocked.Increment(ref _taken) - 1) < _pieces.Length)
        {
            var (buffer, start) = _pieces[piece];
            float[] data = _buffers[buffer];
            int end = Math.Min(data.Length, start + PieceLength);
            for (int i = start; i < end; i += PageLength) data[i] = 0;
            if (Interlocked.Increment(ref _finished) == _pieces.Length) Finish();
        }
    }

    /// <summary>
    /// Helps with what is left, then waits until every piece is done and the buffers are pooled. Cancelled, it stops
    /// within a piece and so does every other thread: the run is given up, and faulting in gigabytes for it would
    /// hold up the exit for seconds. The buffers then never reach the pool; the collector takes them.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public void Join(CancellationToken cancellation = default)
    {
        Work(cancellation);
        if (cancellation.IsCancellationRequested) Interlocked.Exchange(ref _taken, _pieces.Length);
        _done.Wait(cancellation);
    }

    private void Finish()
    {
        _pool.Give(_buffers);
        _done.Set();
    }
}
