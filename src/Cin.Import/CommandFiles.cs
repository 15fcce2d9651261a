namespace Cin.Import;

/// <summary>
/// The file handling every cin-import subcommand shares: read an input whole, write the output folder atomically,
/// and turn each failure into one line "cin-import: PATH: problem".
/// </summary>
internal static class CommandFiles
{
    /// <param name="expected">What the file should be, for the "is a folder" message ("the stylize_quantized.pb file").</param>
    public static byte[]? TryRead(string path, string expected, TextWriter stderr)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"cin-import: {path}: no such file");
        }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && Directory.Exists(path))
        {
            stderr.WriteLine($"cin-import: {path}: is a folder; expected {expected}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cin-import: {path}: cannot read: {OneLine(e.Message)}");
        }
        return null;
    }

    public static bool TryWrite(string folder, IReadOnlyList<(string Name, byte[] Bytes)> files, TextWriter stderr)
    {
        try
        {
            Output.AtomicFolderWriter.Write(folder, files);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cin-import: {folder}: cannot write the model: {OneLine(e.Message)}");
            return false;
        }
    }

    /// <summary>Operating-system messages sometimes span lines; the contract is one line per error.</summary>
    public static string OneLine(string message) =>
        string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
