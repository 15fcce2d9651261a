using Cin.Engine.Batch;
using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Network.Streaming;

namespace Cin.Engine.Photos;

/// <summary>
/// A photo file in, a stylized photo file out: decode to 16-bit pixels (upright, sRGB, alpha inside), run the network
/// through rows of them within the memory plan (<see cref="PixelPipeline"/>, <see cref="PhotoMemoryPlan"/>: the work
/// size there and back, strength, kept colours), write the result into the same pixels, encode with the metadata to a
/// temporary file beside the output and rename it into place. Front ends (the CLI, the cmdlets) parse their options
/// and call this; none of them stylizes on its own.
/// </summary>
public static class PhotoStylizer
{
    /// <summary>
    /// Stylizes <paramref name="input"/> into <paramref name="output"/>. Cancellation is checked between the stages,
    /// inside them between rows (the network's layers, finishing, encoding) and once more before the output is
    /// renamed into place, so a cancelled call stops promptly at any size and leaves no file, complete or partial.
    /// </summary>
    public static PhotoResult StylizeFile(string input, string output, StyleNetwork network, StyleParameters style, PhotoOptions options,
        CancellationToken cancellation = default)
    {
        options.Validate();
        return StylizeFile(input, output, network, style, options, ReadHeader(input, options), cancellation);
    }

    /// <summary>
    /// As <see cref="StylizeFile(string, string, StyleNetwork, StyleParameters, PhotoOptions, CancellationToken)"/>,
    /// with the header the caller has already read (<see cref="ReadHeader"/>), so that a photo's header is read once.
    /// </summary>
    public static PhotoResult StylizeFile(string input, string output, StyleNetwork network, StyleParameters style, PhotoOptions options,
        PhotoHeader? header, CancellationToken cancellation = default)
    {
        options.Validate();
        // Every loop of the run answers the cancellation, the finishing and encoding passes' included.
        using var cancellable = Kernels.RowParallel.Cancellable(cancellation);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var format = ImageWriter.CheckDestination(output, options.Overwrite);
        BufferPreparation? preparing = StartPreparing(header, network, options);
        using SpillWarmup? warming = StartWarming(header, network, options);
        // At the photo's own size the pipeline reads and writes 8-bit pixels as readily as 16-bit ones, at half the
        // memory; a work size resizes 16-bit pixels, so the photo is read as those (see PixelPipeline).
        using DecodedImage image = ImageReader.Read(input, new ImageReadOptions(options.EffectiveMaxPixels, options.KeepMetadata)
        {
            EightBitWhenExact = options.WorkSize is null,
        });
        cancellation.ThrowIfCancellationRequested();
        // The decoding thread helps fault in what the other has not reached yet.
        preparing?.Join(cancellation);

        long fileBytes = header?.FileBytes ?? FileBytes(input);
        var plan = PhotoMemoryPlan.For(image.Width, image.Height, fileBytes, options, PixelConversion.BytesPerPixel(image.Pixels));
        var stream = new StreamOptions(plan.NetworkBytes, options.TempDirectory ?? Path.GetTempPath(), options.Threads)
        {
            BandRows = options.BandRows,
            Warmup = warming,
        };
        int bits = image.BitsPerChannel > 8 && format.Supports16Bits ? 16 : 8;
        using var stylized = PixelPipeline.Stylize(image, network, style, options, bits, stream, cancellation);
        var (networkSize, report) = (stylized.NetworkSize, stylized.Report);
        cancellation.ThrowIfCancellationRequested();

        ImageWriter.Write(stylized.Pixels, image.HasAlpha, output,
            new ImageWriteOptions(options.Quality, options.Overwrite, image.BitsPerChannel, image.Metadata, image.ConvertedToSrgb)
            {
                Software = options.Software,
                Threads = options.Threads,
            },
            cancellation);
        return new PhotoResult(input, output, image.Width, image.Height)
        {
            NetworkWidth = networkSize.Width,
            NetworkHeight = networkSize.Height,
            ColorSpace = image.ColorSpace,
            Notes = image.Notes,
            Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start),
            Network = report,
        };
    }

    private static long FileBytes(string input)
    {
        try { return new FileInfo(input).Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    /// <summary>
    /// On a network's first photo, allocates its activation buffers and starts faulting them in on another thread
    /// while this one decodes (see <see cref="StyleNetwork.PlanPreparation"/>); the size comes from the file's header.
    /// </summary>
    private static BufferPreparation? StartPreparing(PhotoHeader? header, StyleNetwork network, PhotoOptions options)
    {
        if (options.Strength == 0 || Environment.ProcessorCount < 2) return null;
        if (header is not { } photo) return null;
        // Whole-map buffers only for a network that will run whole maps: a streamed run keeps to its share.
        var plan = PhotoMemoryPlan.For(photo.Width, photo.Height, photo.FileBytes, options);
        if (plan.NetworkWholeMapBytes > plan.NetworkBytes || options.BandRows is not null) return null;
        var (width, height) = NetworkSize(photo.Width, photo.Height, options);
        var frame = Frame.For(height, width, network.Info);
        var preparation = network.PlanPreparation(frame.Height, frame.Width);
        if (preparation != null) Task.Run(preparation.Work);
        return preparation;
    }

    /// <summary>
    /// For a photo whose network will run in bands and spill, makes the spill file and starts writing it through on
    /// another thread while this one decodes (see <see cref="SpillWarmup"/>); the size comes from the file's header.
    /// </summary>
    private static SpillWarmup? StartWarming(PhotoHeader? header, StyleNetwork network, PhotoOptions options)
    {
        if (options.Strength == 0 || Environment.ProcessorCount < 2 || options.BandRows is not null) return null;
        if (header is not { } photo) return null;
        var plan = PhotoMemoryPlan.For(photo.Width, photo.Height, photo.FileBytes, options);
        if (plan.NetworkWholeMapBytes <= plan.NetworkBytes) return null;
        var (width, height) = NetworkSize(photo.Width, photo.Height, options);
        return SpillWarmup.Start(network, height, width,
            new StreamOptions(plan.NetworkBytes, options.TempDirectory ?? Path.GetTempPath(), options.Threads));
    }

    /// <summary>
    /// The peak memory stylizing a photo with this header should take (<see cref="PhotoMemoryPlan.PeakBytes"/>); 0 when
    /// the header could not be read or the photo is over the pixel limit (reading the file will then report why).
    /// </summary>
    public static long EstimateBytes(PhotoHeader? header, PhotoOptions options) =>
        header is { } photo ? PhotoMemoryPlan.For(photo.Width, photo.Height, photo.FileBytes, options).PeakBytes : 0;

    /// <summary>
    /// The photo's size from its header, or null when the header cannot be read or the photo is over the pixel limit:
    /// the decode that follows reports why, and a photo over the limit is refused as soon as it is read. A caller that
    /// needs the size before stylizing (a batch's memory budget) reads it once and passes it on.
    /// </summary>
    public static PhotoHeader? ReadHeader(string input, PhotoOptions options)
    {
        try
        {
            // Not opened when empty: a FIFO or a device reports length 0, and opening one could block.
            var file = new FileInfo(input);
            if (!file.Exists || file.Length == 0) return null;
            using var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            var info = SixLabors.ImageSharp.Image.Identify(ImagingConfiguration.Configuration, stream);
            if (info is null || (long)info.Width * info.Height > options.EffectiveMaxPixels) return null;
            return new PhotoHeader(info.Width, info.Height) { FileBytes = file.Length };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>The size the network runs at: the work size if one is set, else the photo's own.</summary>
    internal static (int Width, int Height) NetworkSize(int width, int height, PhotoOptions options) =>
        options.WorkSize is { } side ? Resampling.Fit(width, height, side) : (width, height);

    /// <summary>The peak memory for a <paramref name="width"/> x <paramref name="height"/> photo with these options (its file's size unknown).</summary>
    public static long EstimateBytes(int width, int height, PhotoOptions options) => PhotoMemoryPlan.For(width, height, 0, options).PeakBytes;

    /// <summary>
    /// The whole-map float form of the pipeline: an sRGB map in, the stylized sRGB map of the same size out, with the
    /// work size, strength and colour options applied; returns the size the network ran at (0x0 when strength 0
    /// skipped it). Files go through <see cref="PixelPipeline"/>, which holds the photo as 16-bit pixels instead; this
    /// stays for maps already in memory and as the reference the pipeline's tests compare with.
    /// </summary>
    public static (FeatureMap Result, (int Width, int Height) NetworkSize) Stylize(FeatureMap photo, StyleNetwork network,
        StyleParameters style, PhotoOptions options, CancellationToken cancellation = default)
    {
        options.Validate();
        // Strength 0 is the photo itself: no need to run the network for it.
        if (options.Strength == 0) return (Copy(photo), (0, 0));

        FeatureMap input = photo;
        if (options.WorkSize is { } side)
        {
            var (w, h) = Resampling.Fit(photo.Width, photo.Height, side);
            input = Resampling.Resize(photo, w, h, options.Threads);
            cancellation.ThrowIfCancellationRequested();
        }
        FeatureMap stylized = Stylizer.Stylize(input, network, style, options.Threads);
        var networkSize = (input.Width, input.Height);
        input = null!; // let the collector have the work-size copy before the full-size work below
        cancellation.ThrowIfCancellationRequested();

        if (stylized.Width != photo.Width || stylized.Height != photo.Height)
            stylized = Resampling.Resize(stylized, photo.Width, photo.Height, options.Threads);
        StrengthMix.Apply(photo, stylized, options.Strength, options.KeepColors, options.Threads);
        return (stylized, networkSize);
    }

    private static FeatureMap Copy(FeatureMap map)
    {
        var copy = new FeatureMap(map.Height, map.Width, map.Channels);
        map.Span.CopyTo(copy.Span);
        return copy;
    }
}

/// <summary>A photo's size as its file's header gives it (before EXIF orientation).</summary>
public readonly record struct PhotoHeader(int Width, int Height)
{
    /// <summary>The file's size in bytes (the pipeline holds them while it decodes).</summary>
    public long FileBytes { get; init; }
}

/// <summary>What was written: the files and the image's size.</summary>
public sealed record PhotoResult(string Input, string Output, int Width, int Height)
{
    /// <summary>The size the network ran at (the work size), or the photo's own size.</summary>
    public int NetworkWidth { get; init; }
    public int NetworkHeight { get; init; }

    /// <summary>The colour space the photo came in (an ICC profile's name, "sRGB", "CMYK").</summary>
    public string ColorSpace { get; init; } = "sRGB";

    /// <summary>Things the user may want to know (an ICC profile that could not be applied, ...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    /// <summary>How the network ran: whole maps or bands, and the bytes spilled to disk (null when it did not run).</summary>
    public Cin.Engine.Network.Streaming.StreamReport? Network { get; init; }
}
