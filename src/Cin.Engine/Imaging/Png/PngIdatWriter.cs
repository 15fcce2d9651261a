using System.Buffers.Binary;
using System.IO.Compression;

namespace Cin.Engine.Imaging.Png;

/// <summary>
/// Filters and compresses an image's rows into IDAT chunks on several threads, in bounded memory. The rows are cut into
/// pieces of whole rows (about <see cref="PieceBytes"/> filtered bytes each); each piece is filtered, summed (Adler-32)
/// and deflated on its own, ending in a sync flush, which leaves the deflate stream byte-aligned with no final block,
/// so the pieces laid end to end are one valid deflate stream; the last piece ends it. Each piece becomes one IDAT
/// chunk: the first also carries the zlib header, the last the Adler-32 of the whole (its pieces' sums combined).
/// A few pieces per thread are in flight at a time and written in order, so memory stays a few megabytes whatever the
/// image's size, and cancellation is seen between them.
/// </summary>
internal static class PngIdatWriter
{
    /// <summary>
    /// Filtered bytes a piece aims at. Each piece starts deflate with an empty window, which costs about 0.1% of the
    /// size at this length; smaller pieces would balance threads better on small images but lose more.
    /// </summary>
    public const int PieceBytes = 256 * 1024;

    /// <summary>Pieces in flight per thread: enough that a thread rarely waits for the slowest piece of a round.</summary>
    private const int PiecesPerThread = 4;

    public static void Write(Stream output, PngPixelRows rows, PngDeflateSettings settings, int threads, CancellationToken cancellation)
    {
        int filteredRow = rows.RowBytes + 1;
        int rowsPerPiece = Math.Max(1, PieceBytes / filteredRow);
        int pieces = (rows.Height + rowsPerPiece - 1) / rowsPerPiece;
        threads = Math.Max(1, threads);
        var slots = new Piece[Math.Min(pieces, threads * PiecesPerThread)];
        for (int i = 0; i < slots.Length; i++) slots[i] = new Piece(rows, rowsPerPiece, settings);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation };
        uint adler = Adler32.Start;
        for (int first = 0; first < pieces; first += slots.Length)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(slots.Length, pieces - first);
            if (threads == 1 || count == 1)
                for (int k = 0; k < count; k++) slots[k].Encode(first + k, pieces);
            else
                Parallel.For(0, count, parallel, k => slots[k].Encode(first + k, pieces));
            for (int k = 0; k < count; k++)
            {
                adler = Adler32.Combine(adler, slots[k].Adler, slots[k].FilteredLength);
                slots[k].WriteChunk(output, first + k == pieces - 1 ? adler : null);
            }
        }
    }

    /// <summary>One piece's buffers, reused by the pieces it encodes in turn.</summary>
    private sealed class Piece(PngPixelRows rows, int rowsPerPiece, PngDeflateSettings settings)
    {
        private readonly byte[] _filtered = new byte[rowsPerPiece * (rows.RowBytes + 1)];
        private byte[] _above = new byte[rows.RowBytes];
        private byte[] _row = new byte[rows.RowBytes];
        private readonly MemoryStream _compressed = new();
        private uint _crc;

        public uint Adler { get; private set; }
        public int FilteredLength { get; private set; }

        public void Encode(int index, int pieces)
        {
            int top = index * rowsPerPiece, bottom = Math.Min(rows.Height, top + rowsPerPiece);
            int stride = rows.RowBytes + 1;
            if (top == 0) Array.Clear(_above);
            else rows.Fill(top - 1, _above);
            for (int y = top, at = 0; y < bottom; y++, at += stride)
            {
                rows.Fill(y, _row);
                _filtered[at] = PngPaethFilter.FilterType;
                PngPaethFilter.Apply(_row, _above, rows.BytesPerPixel, _filtered.AsSpan(at + 1, rows.RowBytes));
                (_above, _row) = (_row, _above);
            }
            FilteredLength = (bottom - top) * stride;
            ReadOnlySpan<byte> filtered = _filtered.AsSpan(0, FilteredLength);
            Adler = Adler32.Compute(filtered);

            _compressed.SetLength(0);
            if (index == 0) _compressed.Write(settings.ZlibHeader);
            bool last = index == pieces - 1;
            long flushed = 0;
            using (var deflate = new DeflateStream(_compressed, settings.Options, leaveOpen: true))
            {
                deflate.Write(filtered);
                if (!last)
                {
                    // A sync flush ends the piece on a byte boundary without a final block; what disposing adds after
                    // it (the final block that would end the stream) is cut off below.
                    deflate.Flush();
                    flushed = _compressed.Length;
                }
            }
            if (!last) _compressed.SetLength(flushed);
            _crc = PngCrc32.Update(PngCrc32.Update(PngCrc32.Start, "IDAT"u8), Compressed);
        }

        private ReadOnlySpan<byte> Compressed => _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);

        /// <summary>Writes the piece as an IDAT chunk; the last one ends with the zlib stream's Adler-32.</summary>
        public void WriteChunk(Stream output, uint? adler)
        {
            Span<byte> trailer = stackalloc byte[4];
            int trailerLength = 0;
            if (adler is uint sum)
            {
                BinaryPrimitives.WriteUInt32BigEndian(trailer, sum);
                trailerLength = 4;
            }
            Span<byte> head = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(head, checked((uint)(Compressed.Length + trailerLength)));
            "IDAT"u8.CopyTo(head[4..]);
            output.Write(head);
            output.Write(Compressed);
            output.Write(trailer[..trailerLength]);
            Span<byte> crc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, PngCrc32.Finish(PngCrc32.Update(_crc, trailer[..trailerLength])));
            output.Write(crc);
        }
    }
}
