namespace Cin.Engine.Imaging;

/// <summary>
/// Writes a file so that it is never seen half-written: the bytes go to a hidden temporary file in the same folder
/// (same file system, so the final rename is atomic), which is flushed to disk and then renamed into place. If
/// anything fails, or the write is cancelled before the rename (while it is written, too: its next write throws), the
/// temporary file is deleted and the destination is left as it was.
/// </summary>
public static class AtomicFile
{
    // The temporary files being written now, for a process that ends without waiting for its writers.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> s_unfinished = new();

    public static void Write(string path, bool overwrite, Action<Stream> write, CancellationToken cancellation = default)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // The random part only keeps concurrent writers apart (the file is created with CreateNew, so a clash fails
        // rather than shares); Random, not RandomNumberGenerator, which would load OpenSSL at every start of cin.
        string temp = Path.Combine(folder, $".{Path.GetFileName(path)}.cin-{Random.Shared.Next():x8}.tmp");
        s_unfinished[temp] = true;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // An encoder that runs for seconds (a large photo) is abandoned at its next write.
                write(cancellation.CanBeCanceled ? new CancellableStream(stream, cancellation) : stream);
                stream.Flush(flushToDisk: true);
            }
            // The last moment to give up: after the rename the output is complete and stays.
            cancellation.ThrowIfCancellationRequested();
            // Without overwrite, .NET moves with link+unlink on Unix, which fails rather than replace a file that
            // appeared since the caller checked: the no-clobber promise holds even against a race.
            File.Move(temp, path, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            s_unfinished.TryRemove(temp, out _);
        }
    }

    /// <summary>
    /// Deletes the temporary files of the writes in progress, for a process that is about to end without waiting for
    /// them (an interrupted run whose encoder does not look up in time). Their destinations are left as they were.
    /// Returns how many there were.
    /// </summary>
    public static int DeleteUnfinished()
    {
        int count = 0;
        foreach (string temp in s_unfinished.Keys)
        {
            TryDelete(temp);
            count++;
        }
        return count;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: the original error is the one to report */ }
        catch (UnauthorizedAccessException) { }
    }
}
