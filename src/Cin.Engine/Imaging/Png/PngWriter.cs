namespace Cin.Engine.Imaging.Png;

/// <summary>
/// cin's PNG encoder: header, metadata chunks, the image data compressed on several threads in bounded memory
/// (<see cref="PngIdatWriter"/>), end. It replaced ImageSharp's encoder, which deflates on one thread and holds the
/// whole compressed stream until the end.
/// </summary>
internal static class PngWriter
{
    /// <summary>
    /// How cin deflates: zlib's run-length strategy (matches at distance 1 only, then Huffman codes), chosen on the
    /// measurements in bench/results/png-writer-x64-2core.md. A stylized image is a busy texture: on a 1024x640 result
    /// longer match searches find nothing, and levels 2-6 give the same file as run-length encoding in 2.5-3 times its
    /// time (level 9 a larger one). zlib-ng's level 1 is another algorithm (fixed Huffman codes) whose file is larger
    /// than the raw pixels there (3.18 bytes a pixel against 2.55). On a smooth photo (an unstylized 1024x640) run-length
    /// matches level 2's size at its speed; only level 6 is smaller (16%), at 4 times the time, which cin's outputs,
    /// stylized, would not repay. Huffman-only is as fast and as small on stylized images but 17% larger on smooth ones.
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
