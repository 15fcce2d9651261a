using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Bench;

/// <summary>
/// The published native `cin` end to end, as a user runs it: process start to output file written, on a 1024 px
/// JPEG with 2 threads, and on a 256 px JPEG (start-up dominated).
/// </summary>
public static class NativeBinary
{
    private const int Rounds = 3;
    private const int RunsPerRound = 3;

    /// <param name="measureOrt">One ONNX Runtime child process on the imported model at 1024x1024 with 2 threads.</param>
    public static void Report(Action<string> say, List<BenchRun.Cell> cells, Func<Measurement.Result> measureOrt)
    {
        string binary = Path.Combine(RepoRoot.Find(), "artifacts", "publish", "cin", "cin");
        if (!File.Exists(binary))
        {
            say($"Native binary: not published ({binary}); run `dotnet pwsh ./build.ps1` first.");
            return;
        }
        string folder = Directory.CreateTempSubdirectory("cin-bench-").FullName;
        try
        {
            string big = Photo(folder, 1024), small = Photo(folder, 256);
            // The binary's runs take turns with ONNX Runtime's, so both see the same spells of a shared machine's noise.
            Run(binary, big, Path.Combine(folder, "out-1024.jpg"));
            var e2eTimes = new List<double>();
            var ortRounds = new List<Measurement.Result>();
            for (int round = 0; round < Rounds; round++)
            {
                for (int r = 0; r < RunsPerRound; r++) e2eTimes.Add(Run(binary, big, Path.Combine(folder, "out-1024.jpg")));
                ortRounds.Add(measureOrt());
            }
            double e2e = Measurement.Median(e2eTimes);
            var ort = Measurement.Combine(ortRounds);
            double first = Median(() => Run(binary, small, Path.Combine(folder, "out-256.jpg")));
            say($"Native binary (`artifacts/publish/cin/cin`, x86-64-v3), process start to output written, median of {Rounds * RunsPerRound}:");
            say("");
            say($"- 1024x1024 JPEG, 2 threads, starry-night: {e2e:F0} ms end to end (decode, network, encode, write)");
            say($"- ONNX Runtime, network alone at 1024x1024 on 2 threads, measured in turns with the binary: {ort.MedianMs:F0} ms " +
                $"(median of {ort.TimesMs.Count}); ratio {ort.MedianMs / e2e:F2}");
            var cell = cells.FirstOrDefault(c => c.Network == "magenta" && c.Height == 1024 && c.Width == 1024 && c.Threads == 2);
            if (cell != null) say($"- the same in the table above: {cell.Ort.MedianMs:F0} ms");
            say($"- 256x256 JPEG, start to first output: {first:F0} ms");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Photo(string folder, int size)
    {
        string path = Path.Combine(folder, $"photo-{size}.jpg");
        string? source = Directory.Exists(SharedContent) ? Directory.EnumerateFiles(SharedContent, "*.jpg").Order().FirstOrDefault() : null;
        using Image<Rgb24> image = source != null ? Image.Load<Rgb24>(source) : Gradient();
        image.Mutate(c => c.Resize(size, size, KnownResamplers.Bicubic));
        image.SaveAsJpeg(path);
        return path;
    }

    private static string SharedContent => Path.Combine(RepoRoot.Find(), "..", "shared", "data", "content");

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

    private static double Median(Func<double> run)
    {
        run();
        var times = Enumerable.Range(0, 5).Select(_ => run()).ToList();
        return Measurement.Median(times);
    }
}
