namespace Cin.Engine.Imaging.Png;

/// <summary>
/// cin's PNG encoder: header, metadata chunks, the image data compressed on several threads in bounded memory
/// (<see cref="PngIdatWriter"/>), end. It replaced ImageSharp's encoder, which deflates on one thread and holds the
/// whole compressed stream until the end.
/// </summary>
internal static class PngWriter
{
    /// <summary>The deflate level cin writes at (provisional: to be chosen on measurements of size against time).</summary>
    public static PngDeflateSettings Deflate { get; } = new(Level: 2);

    /// <exception cref="OperationCanceledException">Cancelled; checked between pieces of rows.</exception>
    public static void Write(Stream output, PngPixelRows rows, IReadOnlyList<(string Type, byte[] Data)> metadata, int threads,
        CancellationToken cancellation = default, PngDeflateSettings? deflate = null)
    {
        output.Write(PngChunks.Signature);
        PngChunks.WriteHeader(output, rows);
        foreach (var (type, data) in metadata) PngChunks.Write(output, System.Text.Encoding.ASCII.GetBytes(type), data);
        PngIdatWriter.Write(output, rows, deflate ?? Deflate, threads, cancellation);
        PngChunks.WriteEnd(output);
    }
}
