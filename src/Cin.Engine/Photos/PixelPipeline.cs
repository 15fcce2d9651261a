using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using Cin.Engine.Kernels;
using Cin.Engine.Network;
using Cin.Engine.Network.Streaming;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Photos;

/// <summary>
/// The photo's part of a run, on its 16-bit or 8-bit pixels: the network reads them (or the work-size copy) a band of
/// rows at a time and its result is finished and written back into them, so a photo of any size is held at 8 bytes a
/// pixel (4 when it is 8-bit and needed no colour conversion) and never as float maps. The numbers are those of <see cref="PhotoStylizer.Stylize"/>, the whole-map form.
/// </summary>
/// <remarks>
/// Three shapes of run:
/// <list type="bullet">
/// <item>At the photo's size, with strength and luminance keeping: one pass. Each band of the network's output is
/// mixed with the photo's pixels at the same place and written over them (<see cref="FinishingSink"/>).</item>
/// <item>At the photo's size with histogram keeping: the mapping needs the whole result's chroma distribution before
/// any pixel is mapped, so the result is stored as 16-bit pixels, then the photo is finished from it.</item>
/// <item>At a work size: the photo is resized to it, the network's result stored at that size, resized back to the
/// photo's (a second full-size image) and finished from it.</item>
/// </list>
/// </remarks>
internal static class PixelPipeline
{
    /// <summary>
    /// Stylizes <paramref name="photo"/>: the result is written into its pixels, or, where the photo is no longer
    /// needed once the network has its input (a work size, strength 1, no colour keeping, no alpha), the photo's
    /// pixels are released (<see cref="DecodedImage.ReleasePixels"/>) and the resized-back result is the output.
    /// </summary>
    /// <param name="bits">The output file's depth: the result is rounded once, to its 8-bit or 16-bit levels.</param>
    public static PipelineResult Stylize(DecodedImage photo, StyleNetwork network, StyleParameters style, PhotoOptions options, int bits,
        StreamOptions stream, CancellationToken cancellation = default) => photo.Pixels switch
    {
        Image<Rgba32> eight => Stylize(photo, eight, network, style, options, bits, stream, cancellation),
        Image<Rgba64> sixteen => Stylize(photo, sixteen, network, style, options, bits, stream, cancellation),
        _ => throw new ArgumentException("The photo's pixels are Rgba64 or Rgba32.", nameof(photo)),
    };

    private static PipelineResult Stylize<TPixel>(DecodedImage photo, Image<TPixel> pixels, StyleNetwork network, StyleParameters style,
        PhotoOptions options, int bits, StreamOptions stream, CancellationToken cancellation) where TPixel : unmanaged, IPixel<TPixel>
    {
        options.Validate();
        // 8-bit pixels hold an 8-bit result only.
        if (pixels is Image<Rgba32>) bits = 8;
        // Strength 0 is the photo itself: no need to run the network for it.
        if (options.Strength == 0) return new PipelineResult(pixels, (0, 0), null, Owned: false);
        int threads = options.Threads;
        var (width, height) = PhotoStylizer.NetworkSize(pixels.Width, pixels.Height, options);

        if (width == pixels.Width && height == pixels.Height)
        {
            if (options.KeepColors != ColorKeeping.Histogram)
            {
                var sink = new FinishingSink<TPixel>(pixels, options.Strength, options.KeepColors, bits, threads);
                var report = StreamedRun.Run(network, style, new PixelRowSource<TPixel>(pixels, threads, sink), sink, stream, cancellation);
                sink.Complete();
                return new PipelineResult(pixels, (width, height), report, Owned: false);
            }
            using var result = Opaque(width, height);
            var run = StreamedRun.Run(network, style, new PixelRowSource<TPixel>(pixels, threads), new PixelRowSink(result, threads), stream, cancellation);
            cancellation.ThrowIfCancellationRequested();
            Finish(pixels, result, options, bits);
            return new PipelineResult(pixels, (width, height), run, Owned: false);
        }

        var (photoWidth, photoHeight) = (pixels.Width, pixels.Height);
        // The resized-back result is the output as it is (in 16-bit levels, which the writer rounds as a float result
        // would be): the photo is needed only for the network's input.
        bool photoNeeded = !StrengthMix.IsIdentity(options.Strength, options.KeepColors) || photo.HasAlpha;
        StreamReport workReport;
        Image<Rgba64> stylized = Opaque(width, height);
        try
        {
            // The resize works on 16-bit pixels: an 8-bit photo is widened for it (exactly), so it resizes what it always did.
            Image<Rgba64> opaque = pixels is Image<Rgba32> eight ? PixelConversion.Widen(eight, threads, opaque: true) : Resampling.Opaque((Image<Rgba64>)(Image)pixels);
            Image<Rgba64> input;
            try
            {
                input = Resampling.Resize(opaque, width, height, threads);
            }
            finally
            {
                if (opaque != (Image)pixels) opaque.Dispose();
            }
            if (!photoNeeded) photo.ReleasePixels();
            using (input)
            {
                cancellation.ThrowIfCancellationRequested();
                workReport = StreamedRun.Run(network, style, new PixelRowSource<Rgba64>(input, threads), new PixelRowSink(stylized, threads), stream, cancellation);
            }
            cancellation.ThrowIfCancellationRequested();
            var back = Resampling.Resize(stylized, photoWidth, photoHeight, threads);
            if (!photoNeeded) return new PipelineResult(back, (width, height), workReport, Owned: true);
            using (back)
            {
                stylized.Dispose();
                cancellation.ThrowIfCancellationRequested();
                Finish(pixels, back, options, bits);
            }
        }
        finally
        {
            stylized.Dispose();
        }
        return new PipelineResult(pixels, (width, height), workReport, Owned: false);
    }

    /// <summary>
    /// Writes the finished result into <paramref name="photo"/>: the stylized picture of the same size mixed with it
    /// (<see cref="StrengthMix"/>), rounded to <paramref name="bits"/>, the photo's alpha kept.
    /// </summary>
    private static void Finish<TPixel>(Image<TPixel> photo, Image<Rgba64> stylized, PhotoOptions options, int bits) where TPixel : unmanaged, IPixel<TPixel>
    {
        float strength = options.Strength;
        var keep = options.KeepColors;
        ChromaMapping? mapping = keep == ColorKeeping.Histogram
            ? ChromaMapping.Between(PixelRowSource<Rgba64>.Picture(stylized), PixelRowSource<TPixel>.Picture(photo), options.Threads)
            : null;
        bool identity = StrengthMix.IsIdentity(strength, keep);
        int width = photo.Width;
        RowParallel.For(photo.Height, StrengthMix.RowThreads(photo.Height, options.Threads), y =>
        {
            float[] result = System.Buffers.ArrayPool<float>.Shared.Rent(3 * width);
            float[] original = System.Buffers.ArrayPool<float>.Shared.Rent(3 * width);
            try
            {
                Span<TPixel> row = photo.DangerousGetPixelRowMemory(y).Span;
                Span<float> mixed = result.AsSpan(0, 3 * width);
                PixelConversion.ReadRgb(stylized.DangerousGetPixelRowMemory(y).Span, mixed);
                if (!identity)
                {
                    PixelConversion.ReadRgb<TPixel>(row, original);
                    StrengthMix.MixRow(original.AsSpan(0, 3 * width), mixed, strength, keep, mapping);
                }
                PixelConversion.WriteRgb<TPixel>(mixed, row, bits);
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(original);
                System.Buffers.ArrayPool<float>.Shared.Return(result);
            }
        });
    }

    /// <summary>A new image, opaque black: a stored result whose alpha is never read but should not say "transparent".</summary>
    private static Image<Rgba64> Opaque(int width, int height) =>
        new(ImagingConfiguration.Configuration, width, height, new Rgba64(0, 0, 0, ushort.MaxValue));
}

/// <summary>
/// The pipeline's output: the finished pixels (the photo's own, or a new image it owns), the size the network ran at
/// (0x0 when strength 0 skipped it) and how it ran. Disposing it frees a new image, never the photo's.
/// </summary>
internal sealed record PipelineResult(Image Pixels, (int Width, int Height) NetworkSize, StreamReport? Report, bool Owned) : IDisposable
{
    public void Dispose()
    {
        if (Owned) Pixels.Dispose();
    }
}
