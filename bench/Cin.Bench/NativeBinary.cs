using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Bench;

/// <summary>
/// The published native `cin` end to end, as a user runs it: process start to output file written, on a 1024 px
/// JPEG and on a 1024x640 PNG with PNG out (each against ONNX Runtime's network alone at that size, in turns), with
/// 2 threads, and on a 256 px JPEG (start-up dominated).
/// </summary>
public static class NativeBinary
{
    private const int Rounds = 3;
    private const int RunsPerRound = 3;

    /// <summary>Runs of the 256 px start-up row: start-up is a few tens of milliseconds, so its median needs many.</summary>
    private const int StartRuns = 20;

    /// <summary>The binary as `dotnet pwsh ./build.ps1` publishes it.</summary>
    public static string Path => System.IO.Path.Combine(RepoRoot.Find(), "artifacts", "publish", "cin", "cin");

    /// <param name="measureOrt">One ONNX Runtime child process on the imported model at (height, width) with 2 threads.</param>
    /// <param name="pngOnly">The 1024x640 PNG row alone (`--native-only --png-only`), for a quick check in turns.</param>
    public static void Report(Action<string> say, List<BenchRun.Cell> cells, Func<int, int, Measurement.Result> measureOrt, bool pngOnly = false)
    {
        string binary = Path;
        if (!File.Exists(binary))
        {
            say($"Native binary: not published (artifacts/publish/cin/cin); run `dotnet pwsh ./build.ps1` first.");
            return;
        }
        string folder = Directory.CreateTempSubdirectory("cin-bench-").FullName;
        try
        {
            string wide = Photo(folder, 1024, 640, "png");
            if (pngOnly)
            {
                var (cinPng, ortAlone) = InTurns(binary, wide, System.IO.Path.Combine(folder, "out-1024x640.png"), () => measureOrt(640, 1024));
                say($"- 1024x640 PNG in, PNG out: {cinPng:F0} ms end to end (median of {Rounds * RunsPerRound}); ONNX Runtime's network alone at " +
                    $"1024x640: {ortAlone.MedianMs:F0} ms (median of {ortAlone.TimesMs.Count}); ORT/cin {ortAlone.MedianMs / cinPng:F2}");
                return;
            }
            string big = Photo(folder, 1024, 1024, "jpg"), small = Photo(folder, 256, 256, "jpg");
            var (e2e, ort) = InTurns(binary, big, System.IO.Path.Combine(folder, "out-1024.jpg"), () => measureOrt(1024, 1024));
            var (e2ePng, ortPng) = InTurns(binary, wide, System.IO.Path.Combine(folder, "out-1024x640.png"), () => measureOrt(640, 1024));
            string smallOut = System.IO.Path.Combine(folder, "out-256.jpg");
            Run(binary, small, smallOut);
            double first = Measurement.Median(Enumerable.Range(0, StartRuns).Select(_ => Run(binary, small, smallOut)).ToList());
            say($"Native binary (`artifacts/publish/cin/cin`, x86-64-v3), process start to output written, 2 threads, starry-night, " +
                $"median of {Rounds * RunsPerRound} (ONNX Runtime: its network alone, child processes taking turns with the binary's runs):");
            say("");
            say($"- 1024x1024 JPEG in and out: {e2e:F0} ms end to end (decode, network, encode, write)");
            say($"- ONNX Runtime, network alone at 1024x1024: {ort.MedianMs:F0} ms (median of {ort.TimesMs.Count}); ORT/cin {ort.MedianMs / e2e:F2}");
            var cell = cells.FirstOrDefault(c => c.Network == "magenta" && c.Height == 1024 && c.Width == 1024 && c.Threads == 2);
            if (cell != null) say($"- the same in the table above: {cell.Ort.MedianMs:F0} ms");
            say($"- 1024x640 PNG in, PNG out: {e2ePng:F0} ms end to end; ONNX Runtime's network alone at 1024x640: {ortPng.MedianMs:F0} ms " +
                $"(median of {ortPng.TimesMs.Count}); ORT/cin {ortPng.MedianMs / e2ePng:F2} (above 1: the whole run is faster than ORT's network)");
            say($"- 256x256 JPEG, start to first output: {first:F0} ms (median of {StartRuns}, after one unmeasured run)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The binary's runs and ONNX Runtime's take turns, so both see the same spells of a shared machine's noise.</summary>
    private static (double CinMs, Measurement.Result Ort) InTurns(string binary, string input, string output, Func<Measurement.Result> measureOrt)
    {
        Run(binary, input, output);
        var times = new List<double>();
        var ortRounds = new List<Measurement.Result>();
        for (int round = 0; round < Rounds; round++)
        {
            for (int r = 0; r < RunsPerRound; r++) times.Add(Run(binary, input, output));
            ortRounds.Add(measureOrt());
        }
        return (Measurement.Median(times), Measurement.Combine(ortRounds));
    }

    private static string Photo(string folder, int width, int height, string extension)
    {
        string path = System.IO.Path.Combine(folder, $"photo-{width}x{height}.{extension}");
        using Image<Rgb24> image = Source();
        image.Mutate(c => c.Resize(width, height, KnownResamplers.Bicubic));
        image.Save(path);
        return path;
    }

    /// <summary>The first content photo of ../shared/data, or a generated gradient where that is absent.</summary>
    internal static Image<Rgb24> Source()
    {
        string? source = Directory.Exists(SharedContent) ? Directory.EnumerateFiles(SharedContent, "*.jpg").Order().FirstOrDefault() : null;
        return source != null ? Image.Load<Rgb24>(source) : Gradient();
    }

    private static string SharedContent => System.IO.Path.Combine(RepoRoot.Find(), "..", "shared", "data", "content");

    private static Image<Rgb24> Gradient()
    {
        var image = new Image<Rgb24>(64, 64);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                image[x, y] = new Rgb24((byte)(x * 4), (byte)(y * 4), (byte)((x + y) * 2));
        return image;
    }

    private static double Run(string binary, string input, string output)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { input, "-o", output, "--style", "starry-night", "--threads", "2", "--force" }) start.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double ms = sw.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0 || !File.Exists(output)) throw new InvalidOperationException($"cin failed: {error}");
        return ms;
    }
}
