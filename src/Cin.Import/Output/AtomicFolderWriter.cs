namespace Cin.Import.Output;

/// <summary>
/// Writes a set of files into a folder without leaving a half-written file behind: every file goes to a
/// temporary name in the same folder first (same file system, so each rename is atomic), and only when all are
/// written are they renamed into place. A full disk or a kill while writing therefore leaves the old files
/// untouched; on failure the temporary files are removed.
/// </summary>
internal static class AtomicFolderWriter
{
    public static void Write(string folder, IReadOnlyList<(string Name, byte[] Bytes)> files)
    {
        Directory.CreateDirectory(folder);
        var pending = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (name, bytes) in files)
            {
                string final = Path.Combine(folder, name);
                string temp = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
                pending.Add((temp, final));
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }
            }
            foreach (var (temp, final) in pending) File.Move(temp, final, overwrite: true);
            pending.Clear();
        }
        finally
        {
            foreach (var (temp, _) in pending)
            {
                try { File.Delete(temp); }
                catch (IOException) { /* best effort: the original error is the one to report */ }
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}
