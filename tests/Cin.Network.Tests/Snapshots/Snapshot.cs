using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Network.Tests.Snapshots;

/// <summary>How far an image is from its verified snapshot, in 8-bit levels per channel value.</summary>
internal readonly record struct SnapshotDifference(int MaxLevels, double MeanLevels, double DifferingFraction)
{
    public bool WithinTolerance => MaxLevels <= Snapshot.MaxLevels && MeanLevels < Snapshot.MeanLevels;

    public override string ToString() =>
        $"max {MaxLevels}/255, mean {MeanLevels:F4}/255, {DifferingFraction:P3} of channel values differ";
}

/// <summary>
/// A small image snapshot helper. <c>NAME.verified.png</c> sits in this folder beside the tests and is committed;
/// a test's image must match it within the tolerance below, and on a mismatch the image is written beside it as
/// <c>NAME.received.png</c> (ignored by git) to look at and, if the change is intended, to accept. Running with
/// <c>CIN_UPDATE_SNAPSHOTS=1</c> writes the verified files instead; look at every one before committing it.
/// </summary>
internal static class Snapshot
{
    // Tolerance. Nothing about the arithmetic is fixed across machines, so an exact match would fail on the first
    // CI runner that differs from the machine that made the files:
    //  - FMA on or off: a fused multiply-add rounds once where a multiply then add rounds twice, so every convolution
    //    sum differs in its last bits (AVX2/AVX-512 machines fuse; SSE-only machines and DOTNET_EnableAVX2=0 do not);
    //  - vector width: the engine picks 16, 8, 4 or 1 lanes by what the CPU accelerates;
    //  - the JPEG decoder and the Lanczos resize are ImageSharp's SIMD code, so the network's input itself can differ.
    // Measured on an AVX-512 machine (SnapshotSpreadTests, CIN_MEASURE_SPREAD=1), against 2 threads with AVX-512:
    //  - 1, 3 or 4 threads: bit-identical floats (each output value is summed in the same order whatever the split);
    //  - 256-bit + FMA (DOTNET_EnableAVX512=0): bit-identical images (the engine vectorizes across output channels,
    //    so a lane's sum runs in the same order at any width);
    //  - 128-bit without FMA (DOTNET_EnableAVX2=0): max 1 level, mean 0.0003 levels, 0.034% of values differ; the
    //    resized input itself differed by 1 level in 0.001% of its values;
    //  - scalar (DOTNET_EnableHWIntrinsic=0): the input again within 1 level in 0.001% of values, and the output up
    //    to max 3 levels, mean 0.013 levels, 1.2% of values differing (kodim21 with starry-night, the worst case).
    // The bounds leave a level of headroom on the max and ~4x on the mean above that, and still catch real changes:
    //  - scaling one style's gamma and beta by 0.99 moves the mean by 0.39 levels (but the max by only 1 level: the
    //    mean is what catches a small global change, so it is set well below 0.39);
    //  - a one-pixel shift moves the max by >200 levels; a local breakage (a wrong border row) shows in the max.
    // (SnapshotTests.The_tolerance_still_catches_a_one_percent_style_change checks both.) The network amplifies
    // input noise: nudging 1% of the input values by one level moves the output's mean by 0.5 levels and its max by
    // 23, so a different ImageSharp version whose JPEG decoder or resize rounds differently means new snapshots.
    public const int MaxLevels = 4;
    public const double MeanLevels = 0.05;

    public static string Folder => Path.Combine(RepoPaths.Project, "Snapshots");

    public static bool Updating => Environment.GetEnvironmentVariable("CIN_UPDATE_SNAPSHOTS") == "1";

    public static string VerifiedPath(string name) => Path.Combine(Folder, name + ".verified.png");

    public static string ReceivedPath(string name) => Path.Combine(Folder, name + ".received.png");

    public static void Verify(Image<Rgb24> actual, string name)
    {
        string verified = VerifiedPath(name), received = ReceivedPath(name);
        if (Updating)
        {
            PhotoPipeline.SavePng(actual, verified);
            File.Delete(received);
            return;
        }
        if (!File.Exists(verified))
        {
            PhotoPipeline.SavePng(actual, received);
            Assert.Fail($"No verified snapshot {verified}. Wrote {received}; look at it, and accept it by renaming it " +
                        "or by running with CIN_UPDATE_SNAPSHOTS=1.");
        }
        using var expected = Image.Load<Rgb24>(verified);
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            PhotoPipeline.SavePng(actual, received);
            Assert.Fail($"{name}: the image is {actual.Width}x{actual.Height}, the snapshot {expected.Width}x{expected.Height}. Wrote {received}.");
        }
        var difference = Compare(expected, actual);
        if (!difference.WithinTolerance)
        {
            PhotoPipeline.SavePng(actual, received);
            Assert.Fail($"{name} differs from its snapshot: {difference} (tolerance: max {MaxLevels}/255, " +
                        $"mean < {MeanLevels}/255). Wrote {received}.");
        }
        File.Delete(received);
    }

    public static SnapshotDifference Compare(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Width != b.Width || a.Height != b.Height) throw new ArgumentException("The images differ in size.");
        var pa = Pixels(a);
        var pb = Pixels(b);
        int max = 0, differing = 0;
        long sum = 0;
        for (int i = 0; i < pa.Length; i++)
        {
            int d = Math.Abs(pa[i] - pb[i]);
            sum += d;
            if (d > 0) differing++;
            if (d > max) max = d;
        }
        return new SnapshotDifference(max, (double)sum / pa.Length, (double)differing / pa.Length);
    }

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    int i = (y * image.Width + x) * 3;
                    (bytes[i], bytes[i + 1], bytes[i + 2]) = (row[x].R, row[x].G, row[x].B);
                }
            }
        });
        return bytes;
    }
}
