using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using Cin.Engine.Kernels;
using Cin.Engine.Network.Streaming;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Photos;

/// <summary>
/// The network's input read from 16-bit or 8-bit pixels, converted to floats a band at a time. When the network's output is
/// written into the same pixels (<see cref="FinishingSink"/>), a row the sink has already replaced can no longer be
/// read: asking for one throws rather than feed the network its own result.
/// </summary>
internal sealed class PixelRowSource<TPixel>(Image<TPixel> pixels, int threads, FinishingSink<TPixel>? writer = null) : IRowSource
    where TPixel : unmanaged, IPixel<TPixel>
{
    public int Height => pixels.Height;
    public int Width => pixels.Width;

    public void ReadRows(int top, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top + count, Height);
        if (writer is not null && top < writer.CommittedRows)
            throw new InvalidOperationException(
                $"The network asked for photo row {top} after its result had replaced it (rows up to {writer.CommittedRows} are written); " +
                $"it reads further back than the {FinishingSink<TPixel>.LagRows} rows the result is held back.");
        int stride = 3 * Width;
        if (destination.Length < count * stride) throw new ArgumentException("The destination is smaller than the rows asked for.", nameof(destination));
        unsafe
        {
            fixed (float* start = destination)
            {
                // A pointer, not the span, crosses into the row lambda (spans cannot be captured).
                float* rows = start;
                RowParallel.For(count, BandThreads.For(count, Width, threads), i =>
                    PixelConversion.ReadRgb<TPixel>(pixels.DangerousGetPixelRowMemory(top + i).Span, new Span<float>(rows + (long)i * stride, stride)));
            }
        }
    }

    /// <summary>The pixels as rows for <see cref="ChromaMapping"/>.</summary>
    public static PictureRows Picture(Image<TPixel> pixels) =>
        new(pixels.Height, pixels.Width, (y, destination) => PixelConversion.ReadRgb<TPixel>(pixels.DangerousGetPixelRowMemory(y).Span, destination));
}

/// <summary>The network's output stored as 16-bit pixels (opaque), for a second pass: the resize back, or histogram colour keeping.</summary>
internal sealed class PixelRowSink(Image<Rgba64> pixels, int threads) : IRowSink
{
    public void WriteRows(int top, int count, ReadOnlySpan<float> rows)
    {
        int stride = 3 * pixels.Width;
        unsafe
        {
            fixed (float* start = rows)
            {
                float* first = start;
                RowParallel.For(count, BandThreads.For(count, pixels.Width, threads), i =>
                    PixelConversion.WriteRgb(new ReadOnlySpan<float>(first + (long)i * stride, stride), pixels.DangerousGetPixelRowMemory(top + i).Span, bits: 16));
            }
        }
    }
}

/// <summary>
/// Finishes the network's output band by band and writes it into the photo's own pixels (16- or 8-bit): strength and luminance
/// colour keeping need only the photo's pixel at the same place (<see cref="StrengthMix.MixRow"/>), then the result is
/// rounded to the output's depth, keeping the photo's alpha. A finished row is held back for <see cref="LagRows"/>
/// rows before it replaces the photo's, so a network that reads the rows just above its band again (a halo) still
/// reads the photo; <see cref="Complete"/> writes the rest.
/// </summary>
internal sealed class FinishingSink<TPixel> : IRowSink where TPixel : unmanaged, IPixel<TPixel>
{
    /// <summary>How far behind the newest row the photo is overwritten (<see cref="FinishingSink.LagRows"/>).</summary>
    public const int LagRows = FinishingSink.LagRows;

    private readonly Image<TPixel> _photo;
    private readonly float _strength;
    private readonly ColorKeeping _keep;
    private readonly int _bits, _threads;
    private readonly TPixel[][] _held;
    private int _written;

    /// <param name="bits">8 rounds to 8-bit levels (k * 257 in 16-bit pixels) for an 8-bit file, 16 to 16-bit levels.</param>
    public FinishingSink(Image<TPixel> photo, float strength, ColorKeeping keep, int bits, int threads)
    {
        if (keep == ColorKeeping.Histogram) throw new ArgumentException("Histogram matching needs the whole picture first; it is finished in a second pass.", nameof(keep));
        _photo = photo;
        _strength = strength;
        _keep = keep;
        _bits = bits;
        _threads = threads;
        _held = new TPixel[Math.Min(LagRows, photo.Height)][];
    }

    /// <summary>Rows [0, CommittedRows) of the photo hold the result now.</summary>
    public int CommittedRows { get; private set; }

    public void WriteRows(int top, int count, ReadOnlySpan<float> rows)
    {
        if (top != _written) throw new InvalidOperationException($"The network wrote rows from {top}; the next row due was {_written}.");
        if (top + count > _photo.Height) throw new ArgumentOutOfRangeException(nameof(count), count, "The rows run past the photo.");
        int width = _photo.Width, stride = 3 * width;
        for (int done = 0; done < count;)
        {
            int chunk = Math.Min(count - done, _held.Length);
            Commit(_written + chunk - _held.Length);
            int first = _written;
            unsafe
            {
                fixed (float* start = rows.Slice(done * stride, chunk * stride))
                {
                    float* source = start;
                    RowParallel.For(chunk, BandThreads.For(chunk, width, _threads), i => Finish(first + i, new ReadOnlySpan<float>(source + (long)i * stride, stride)));
                }
            }
            _written += chunk;
            done += chunk;
        }
    }

    /// <summary>Writes the rows still held back; the photo then holds the whole result.</summary>
    public void Complete()
    {
        if (_written != _photo.Height) throw new InvalidOperationException($"The network wrote {_written} of {_photo.Height} rows.");
        Commit(_written);
    }

    private void Finish(int y, ReadOnlySpan<float> stylized)
    {
        Span<TPixel> photo = _photo.DangerousGetPixelRowMemory(y).Span;
        TPixel[] held = _held[y % _held.Length] ??= new TPixel[photo.Length];
        photo.CopyTo(held); // the photo's alpha, and its colour until the result replaces it
        if (StrengthMix.IsIdentity(_strength, _keep))
        {
            PixelConversion.WriteRgb<TPixel>(stylized, held, _bits);
            return;
        }
        float[] result = System.Buffers.ArrayPool<float>.Shared.Rent(stylized.Length);
        float[] original = System.Buffers.ArrayPool<float>.Shared.Rent(stylized.Length);
        try
        {
            Span<float> mixed = result.AsSpan(0, stylized.Length);
            stylized.CopyTo(mixed);
            PixelConversion.ReadRgb<TPixel>(photo, original);
            StrengthMix.MixRow(original.AsSpan(0, stylized.Length), mixed, _strength, _keep, null);
            PixelConversion.WriteRgb<TPixel>(mixed, held, _bits);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(original);
            System.Buffers.ArrayPool<float>.Shared.Return(result);
        }
    }

    /// <summary>Copies the held rows below <paramref name="end"/> into the photo.</summary>
    private void Commit(int end)
    {
        for (; CommittedRows < end; CommittedRows++)
            _held[CommittedRows % _held.Length].CopyTo(_photo.DangerousGetPixelRowMemory(CommittedRows).Span);
    }
}

/// <summary>What <see cref="FinishingSink{TPixel}"/> holds back, whatever its pixels.</summary>
internal static class FinishingSink
{
    /// <summary>How far behind the newest row the photo is overwritten.</summary>
    public const int LagRows = 256;
}

/// <summary>Threads for a band of rows: one below a few thousand pixels, where waking the pool costs more than the work.</summary>
internal static class BandThreads
{
    private const long MinPixelsForThreads = 16_384;

    public static int For(int rows, int width, int threads) => (long)rows * width < MinPixelsForThreads ? 1 : threads;
}
