namespace Cin.Engine.Imaging;

/// <summary>
/// A stream that passes everything to another and throws <see cref="OperationCanceledException"/> on the first write
/// after its token is cancelled: an encoder that knows nothing of cancellation (ImageSharp's synchronous Save) is
/// abandoned mid-file, as soon as it next writes. It stays seekable when its inner stream is, because ImageSharp
/// encodes into memory first for a stream that is not, which for a large photo would hold the whole file.
/// </summary>
internal sealed class CancellableStream(Stream inner, CancellationToken cancellation) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        cancellation.ThrowIfCancellationRequested();
        inner.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        cancellation.ThrowIfCancellationRequested();
        inner.WriteByte(value);
    }

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => inner.SetLength(value);

    // The inner stream belongs to the caller, who disposes it.
}
