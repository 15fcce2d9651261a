using Cin.Engine.Batch;
using Cin.Engine.Finishing;

namespace Cin.Engine.Photos;

/// <summary>
/// What stylizing one photo holds in memory, stage by stage, and what that leaves the network. The photo and its
/// result are 16-bit pixels (<see cref="PixelBytes"/> a pixel), or 8-bit ones (4 bytes) where the reader kept them so;
/// the process itself (<see cref="ProcessBytes"/>) is beside every stage; the network gets the budget less what the
/// pipeline holds while it runs (<see cref="NetworkBytes"/>), and streams in bands when its whole maps would not fit there.
/// </summary>
/// <remarks>
/// The figures come from the published binary on 36 and 100 MP JPEGs, the resident set sampled through each stage,
/// rounded up: with them the peak stayed within <c>--max-memory</c> (0.68 and 0.94 GiB at 1G, 1.45 GiB at 2G).
/// </remarks>
/// <param name="BudgetBytes">The photo's budget: <see cref="PhotoOptions.MaxMemoryBytes"/> or the default share of available memory.</param>
/// <param name="DecodingBytes">While the file is decoded: its bytes, the pixels and the decoder's own buffers.</param>
/// <param name="HeldDuringNetwork">While the network runs: the photo, the file's bytes (garbage not yet collected), the rows
/// the result is held back, and the network-size or full-size images a second pass needs.</param>
/// <param name="FinishingBytes">While the result is finished: the photo and the second full-size image (the resize back, or the
/// stored result histogram colour keeping maps), if there is one; with a work size and nothing to mix, the resized-back
/// result alone.</param>
/// <param name="EncodingBytes">While the file is encoded: the photo and JPEG's 8-bit copy (PNG's writer holds less).</param>
/// <param name="NetworkWholeMapBytes">What the network's whole maps take at the size it runs at (<see cref="MemoryBudget.NetworkBytesPerPixel"/>).</param>
public sealed record PhotoMemoryPlan(long BudgetBytes, long DecodingBytes, long HeldDuringNetwork, long FinishingBytes, long EncodingBytes,
    long NetworkWholeMapBytes)
{
    /// <summary>A decoded pixel: 16-bit RGBA.</summary>
    public const long PixelBytes = 8;

    /// <summary>
    /// What the encoder holds beside the pixels, per pixel: JPEG's 8-bit RGB copy (3 bytes). PNG holds nothing per
    /// pixel: cin's own writer (Imaging/Png) reads the pipeline's pixels a few rows at a time and writes each piece as
    /// soon as it is compressed, holding about 1 MB per thread whatever the size (ImageSharp's encoder, before it, kept
    /// the whole compressed stream: 5.3 bytes a pixel on a stylized 36 MP photo).
    /// </summary>
    public const long EncoderCopyBytesPerPixel = 3;

    /// <summary>
    /// The most a decoder holds beside the pixels, per pixel: a JPEG's coefficients at 4:4:4 (2 bytes for each of 3
    /// components). Sampled every 0.25 s, the resident set while a 36 MP JPEG decoded never showed more.
    /// </summary>
    public const long DecoderBytesPerPixel = 6;

    /// <summary>
    /// The process beside the photo at every stage: code, runtime, the model's weights, the collector's minimum heap
    /// (measured 47 to 66 MB resident when the photo is opened).
    /// </summary>
    public const long ProcessBytes = 80L << 20;

    /// <summary>The network's share: what the budget leaves beside the pipeline while it runs (at least a byte: the run then says it cannot fit).</summary>
    public long NetworkBytes => Math.Max(1, BudgetBytes - HeldDuringNetwork);

    /// <summary>The peak of the whole run: the network takes its whole maps when they fit in its share, else its share.</summary>
    public long PeakBytes => Math.Max(Math.Max(DecodingBytes, HeldDuringNetwork + Math.Min(NetworkWholeMapBytes, NetworkBytes)),
        Math.Max(FinishingBytes, EncodingBytes));

    /// <summary>The plan for a <paramref name="width"/> x <paramref name="height"/> photo (upright or not: only the pixel count and width matter).</summary>
    /// <param name="pixelBytes">What a held pixel takes: <see cref="PixelBytes"/>, or 4 for a photo the reader kept at 8 bits.</param>
    public static PhotoMemoryPlan For(int width, int height, long fileBytes, PhotoOptions options, long pixelBytes = PixelBytes)
    {
        long pixels = (long)width * height;
        long photo = pixels * pixelBytes;
        var (w, h) = PhotoStylizer.NetworkSize(width, height, options);
        long networkPixels = (long)w * h;
        bool resized = networkPixels != pixels || w != width;
        bool histogram = options.KeepColors == ColorKeeping.Histogram;
        bool network = options.Strength > 0;

        long held = ProcessBytes + photo + fileBytes;
        if (network && resized) held += 2 * networkPixels * PixelBytes;   // the work-size photo and its result
        else if (network && histogram) held += pixels * PixelBytes;       // the result (16-bit), kept for its chroma distribution
        else if (network) held += Math.Min(FinishingSink.LagRows, height) * (long)Math.Max(width, height) * pixelBytes;
        // With a work size, strength 1 and no colour keeping, the resized-back result replaces the photo rather than
        // joins it (a photo with alpha keeps its own and is an exception this plan does not see from the header).
        bool identity = StrengthMix.IsIdentity(options.Strength, options.KeepColors);
        long second = network && (resized ? !identity : histogram) ? pixels * PixelBytes : 0;
        long budget = options.MaxMemoryBytes ?? (long)(MemoryBudget.AvailableBytes * MemoryBudget.Share);
        return new PhotoMemoryPlan(budget,
            DecodingBytes: ProcessBytes + photo + fileBytes + pixels * DecoderBytesPerPixel,
            HeldDuringNetwork: held,
            FinishingBytes: ProcessBytes + photo + fileBytes + second,
            EncodingBytes: ProcessBytes + photo + fileBytes + pixels * EncoderCopyBytesPerPixel,
            NetworkWholeMapBytes: network ? networkPixels * MemoryBudget.NetworkBytesPerPixel : 0);
    }
}
