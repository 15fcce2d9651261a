using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Bench;

/// <summary>
/// The big-photo rows (`-- big`): the published native cin on a 36 MP (8000x4500) and a 100 MP (12000x8400) JPEG,
/// each with and without <c>--max-memory</c> (1G and 2G), for both built-in models, 2 threads, PNG out. Each row gives
/// the time, the peak resident set (the kernel's maximum RSS for the process, as `/usr/bin/time -v` reports it) and
/// what cin says it spilled; the limited and whole-map outputs of the same photo are compared pixel by pixel.
/// </summary>
/// <remarks>
/// The photos are made here (a content photo of ../shared/data scaled up, or a generated pattern), in a temporary
/// folder that is deleted afterwards; nothing is committed. A whole-map run that would need more memory than the
/// machine has is skipped and says so, rather than driving the machine into swap. The limited and whole-map runs of
/// one photo take turns, round after round, so both see the same spells of a shared machine.
/// </remarks>
public static partial class BigPhotos
{
    /// <summary>Peak bytes per pixel of a whole-map run, measured before issue 15 (7.2 GB at 36 MP; 5.6 GB at 15 MP).</summary>
    private static readonly Dictionary<string, double> WholeMapBytesPerPixel = new() { ["magenta"] = 200, ["paintings40"] = 385 };

    private static readonly (string Name, int Width, int Height, string Limit)[] Photos =
    [
        ("36 MP", 8000, 4500, "1G"),
        ("100 MP", 12000, 8400, "2G"),
    ];

    private static readonly string[] Models = ["magenta", "paintings40"];

    public static int Run(string? outPath, int rounds)
    {
        string binary = NativeBinary.Path;
        if (!File.Exists(binary))
        {
            Console.Error.WriteLine("bench: the native binary is not published (artifacts/publish/cin/cin); run `dotnet pwsh ./build.ps1` first.");
            return 2;
        }
        var report = new StringBuilder();
        void Say(string line = "") { Console.WriteLine(line); report.AppendLine(line); }

        long available = AvailableBytes();
        Say($"# Big photos, native cin, {DateTime.UtcNow:yyyy-MM-dd}");
        Say();
        Say($"- {Environment.ProcessorCount} cores, {available / (double)(1L << 30):F1} GiB available; 2 threads, style starry-night (magenta) or the first style (paintings40), PNG out.");
        Say($"- Time and peak RSS: median of {rounds} runs, the limited and the whole-map run of a photo taking turns. Spill: what cin's result line says.");
        Say("- Difference: the limited output against the whole-map output of the same photo, in 8-bit levels per channel (max, mean).");
        Say();
        Say("| photo | model | --max-memory | time s | peak RSS MiB | spilled | max diff | mean diff |");
        Say("| --- | --- | --- | ---: | ---: | --- | ---: | ---: |");

        string folder = Directory.CreateTempSubdirectory("cin-bench-big-").FullName;
        try
        {
            foreach (var photo in Photos)
            {
                string input = System.IO.Path.Combine(folder, $"photo-{photo.Width}x{photo.Height}.jpg");
                Console.WriteLine($"(making {photo.Name} photo {photo.Width}x{photo.Height})");
                MakePhoto(input, photo.Width, photo.Height);
                foreach (string model in Models)
                {
                    long pixels = (long)photo.Width * photo.Height;
                    double wholeNeeds = pixels * WholeMapBytesPerPixel[model];
                    // A tenth to spare for the runtime and the machine's other work.
                    bool wholeFits = wholeNeeds * 1.1 < available;
                    string limitedOut = System.IO.Path.Combine(folder, $"{model}-limited.png");
                    string wholeOut = System.IO.Path.Combine(folder, $"{model}-whole.png");
                    var limited = new List<RunResult>();
                    var whole = new List<RunResult>();
                    for (int round = 0; round < rounds; round++)
                    {
                        limited.Add(RunCin(binary, input, limitedOut, model, photo.Limit));
                        if (wholeFits) whole.Add(RunCin(binary, input, wholeOut, model, null));
                    }
                    string diff = wholeFits && limited.All(r => r.Ok) && whole.All(r => r.Ok) ? Difference(limitedOut, wholeOut) : " | ";
                    Say(Row(photo.Name, model, photo.Limit, limited, diff));
                    Say(wholeFits
                        ? Row(photo.Name, model, "none (whole map)", whole, " | ")
                        : $"| {photo.Name} | {model} | none (whole map) | skipped: needs about {wholeNeeds / (1L << 30):F0} GiB, {available / (double)(1L << 30):F0} GiB available | | | | |");
                    File.Delete(limitedOut);
                    File.Delete(wholeOut);
                }
                File.Delete(input);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        if (outPath != null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outPath))!);
            File.WriteAllText(outPath, report.ToString());
            Console.WriteLine($"written {outPath}");
        }
        return 0;
    }

    private sealed record RunResult(bool Ok, double Seconds, long PeakRssBytes, string Spilled, string Error);

    private static string Row(string photo, string model, string limit, List<RunResult> runs, string diff)
    {
        if (runs.FirstOrDefault(r => !r.Ok) is { } failed)
            return $"| {photo} | {model} | {limit} | failed: {failed.Error} | | | | |";
        double seconds = Measurement.Median(runs.Select(r => r.Seconds).ToList());
        double rss = Measurement.Median(runs.Select(r => (double)r.PeakRssBytes).ToList());
        return string.Create(CultureInfo.InvariantCulture,
            $"| {photo} | {model} | {limit} | {seconds:F1} | {rss / 1048576:F0} | {runs[^1].Spilled} | {diff} |");
    }

    /// <summary>One run of the binary, timed from process start to exit, with the peak RSS the kernel recorded for it.</summary>
    private static RunResult RunCin(string binary, string input, string output, string model, string? limit)
    {
        string style = model == "magenta" ? "starry-night" : Cin.Models.BuiltInModels.Find(model)!.Styles[0].Name;
        var args = new List<string> { input, "-o", output, "-m", model, "-s", style, "--threads", "2", "--force" };
        if (limit != null) args.AddRange(["--max-memory", limit]);
        // GNU time gives the kernel's own maximum RSS of the child (getrusage), which no polling can miss.
        string timeFile = System.IO.Path.GetTempFileName();
        bool gnuTime = File.Exists("/usr/bin/time");
        var start = new ProcessStartInfo(gnuTime ? "/usr/bin/time" : binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (gnuTime) foreach (string a in new[] { "-f", "%M", "-o", timeFile, binary }) start.ArgumentList.Add(a);
        foreach (string a in args) start.ArgumentList.Add(a);
        Console.WriteLine($"(cin {model} {Path(input)} --max-memory {limit ?? "none"})");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        long polled = 0;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        while (!process.WaitForExit(100)) polled = Math.Max(polled, VmHwm(process.Id));
        double seconds = clock.Elapsed.TotalSeconds;
        string stdout = stdoutTask.Result, stderr = stderrTask.Result;
        long peak = gnuTime && long.TryParse(File.ReadAllText(timeFile).Trim().Split('\n')[^1], out long kib) ? kib * 1024 : polled;
        File.Delete(timeFile);
        if (process.ExitCode != 0)
            return new RunResult(false, seconds, peak, "", stderr.Trim().Split('\n')[0]);
        var streamed = Streamed().Match(stdout);
        return new RunResult(true, seconds, peak, streamed.Success ? streamed.Groups[1].Value : "no (whole map)", "");
    }

    private static string Path(string file) => System.IO.Path.GetFileName(file);

    [GeneratedRegex(@"\((streamed in [^)]*)\)")]
    private static partial Regex Streamed();

    /// <summary>The process's peak resident set so far (VmHWM), or 0 once it has gone (GNU time is the fallback's fallback).</summary>
    private static long VmHwm(int pid)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line != null ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>MemAvailable from /proc/meminfo, the memory a run can have without swapping.</summary>
    private static long AvailableBytes()
    {
        string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        return line != null ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 : 0;
    }

    /// <summary>A content photo scaled up to the size (or a generated pattern), as a quality-90 JPEG.</summary>
    private static void MakePhoto(string path, int width, int height)
    {
        using Image<Rgb24> image = NativeBinary.Source();
        image.Mutate(c => c.Resize(width, height, KnownResamplers.Bicubic));
        image.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
    }

    /// <summary>"max | mean" absolute difference in 8-bit levels over every channel of two PNGs of one size.</summary>
    private static string Difference(string a, string b)
    {
        using var left = Image.Load<Rgb24>(a);
        using var right = Image.Load<Rgb24>(b);
        if (left.Width != right.Width || left.Height != right.Height) return "sizes differ | ";
        int max = 0;
        long sum = 0;
        left.ProcessPixelRows(right, (a, b) =>
        {
            for (int y = 0; y < a.Height; y++)
            {
                Span<Rgb24> rowA = a.GetRowSpan(y), rowB = b.GetRowSpan(y);
                for (int x = 0; x < rowA.Length; x++)
                {
                    int dr = Math.Abs(rowA[x].R - rowB[x].R), dg = Math.Abs(rowA[x].G - rowB[x].G), db = Math.Abs(rowA[x].B - rowB[x].B);
                    max = Math.Max(max, Math.Max(dr, Math.Max(dg, db)));
                    sum += dr + dg + db;
                }
            }
        });
        double mean = sum / (3.0 * left.Width * left.Height);
        return string.Create(CultureInfo.InvariantCulture, $"{max} | {mean:F4}");
    }
}
