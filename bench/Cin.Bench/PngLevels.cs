using System.Diagnostics;
using System.IO.Compression;
using Cin.Engine.Imaging;
using Cin.Engine.Imaging.Png;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Bench;

/// <summary>
/// cin's PNG writer at each deflate level and thread count, on one image: encode time (median, to memory) against file
/// size, beside ImageSharp's encoder at cin's former settings. The table the writer's level was chosen on.
/// </summary>
public static class PngLevels
{
    public static int Run(string path, int runs, int[] levels, int[] threadCounts)
    {
        using var image = Image.Load<Rgba64>(path);
        Console.WriteLine($"{Path.GetFileName(path)}: {image.Width}x{image.Height}, 8-bit RGB out, median of {runs} encodes to memory");
        Console.WriteLine();
        // CPU time (the process's, over the same runs) alongside wall time: on a machine shared with other work it is
        // the steadier figure, and it shows what the threads cost together.
        Console.WriteLine("| encoder | level | strategy | threads | ms | CPU ms | bytes | bytes/pixel |");
        Console.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        var rows = PngPixelRows.From(image, alpha: false, sixteenBits: false);
        double pixels = (double)image.Width * image.Height;
        // zlib-ng picks its algorithm by strategy first: run-length and Huffman-only ignore the level (any level but 0).
        var settingsList = levels.Select(l => (l, ZLibCompressionStrategy.Default))
            .Append((6, ZLibCompressionStrategy.Filtered))
            .Append((1, ZLibCompressionStrategy.RunLengthEncoding))
            .Append((1, ZLibCompressionStrategy.HuffmanOnly));
        foreach (var (level, strategy) in settingsList)
                foreach (int threads in threadCounts)
                {
                    var settings = new PngDeflateSettings(level, strategy);
                    long bytes = 0;
                    var (ms, cpu) = Median(runs, () =>
                    {
                        using var stream = new MemoryStream();
                        PngWriter.Write(stream, rows, [], threads, default, settings);
                        bytes = stream.Length;
                    });
                    Console.WriteLine($"| cin | {level} | {strategy} | {threads} | {ms:F0} | {cpu:F0} | {bytes} | {bytes / pixels:F2} |");
                }
        // The input side, for the end-to-end picture: the file decoded as cin reads it (ImageSharp's decoder, one thread).
        double decodeMs = Minimum(runs, () => { using var decoded = ImageReader.Read(path); });
        Console.WriteLine($"| (decoding this file as cin reads it: fastest of {runs}) | | | 1 | {decodeMs:F0} | | | |");
        var encoder = OutputFormat.ForPath("x.png")!.CreateEncoder(90, alpha: false);
        long theirs = 0;
        var (theirMs, theirCpu) = Median(runs, () =>
        {
            using var stream = new MemoryStream();
            image.Save(stream, encoder);
            theirs = stream.Length;
        });
        Console.WriteLine($"| ImageSharp 2.1 (cin's former settings: Paeth, level 1) | 1 | Default | 1 | {theirMs:F0} | {theirCpu:F0} | {theirs} | {theirs / pixels:F2} |");
        return 0;
    }

    private static double Minimum(int runs, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>The median wall time of the runs, and the process's CPU time per run over them.</summary>
    private static (double Ms, double CpuMs) Median(int runs, Action run)
    {
        run();
        var times = new List<double>();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        process.Refresh();
        return (Measurement.Median(times), (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / runs);
    }
}
