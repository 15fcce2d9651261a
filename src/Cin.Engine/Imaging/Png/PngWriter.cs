namespace Cin.Engine.Imaging.Png;

/// <summary>
/// cin's PNG encoder: header, metadata chunks, the image data compressed on several threads in bounded memory
/// (<see cref="PngIdatWriter"/>), end. It replaced ImageSharp's encoder, which deflates on one thread and holds the
/// whole compressed stream until the end.
/// </summary>
internal static class PngWriter
{
    /// <summary>
    /// How cin deflates: zlib's run-length strategy (matches at distance 1 only, then Huffman codes), chosen on size
    /// against CPU time in bench/results/png-writer-x64-2core.md. A stylized image is a busy texture: longer match
    /// searches find nothing there, so levels 2-6 give the same file as run-length encoding (2.55 bytes a pixel, at
    /// 1024x640 and at 36 MP) for about twice its CPU time, and level 9 a larger one. zlib-ng's level 1 is another
    /// algorithm (fixed Huffman codes) whose file is larger than the raw pixels there (3.18 bytes a pixel). On a smooth,
    /// unstylized photo run-length encoding matches level 2's size at its speed, and levels 4 and 6 are 12% and 16%
    /// smaller for 1.5 and 4 times the CPU: not worth it for cin's outputs, which are stylized. Huffman-only is as
    /// small on stylized images but 17% larger on smooth ones.
    /// </summary>
    public static PngDeflateSettings Deflate { get; } = new(Level: 1, System.IO.Compression.ZLibCompressionStrategy.RunLengthEncoding);

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
