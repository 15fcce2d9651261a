using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Cin.Engine.Simd;

namespace Cin.Bench;

/// <summary>Runs every cell in a child process, then prints and saves the table.</summary>
/// <remarks>
/// With <c>beforeEntry</c> (the Cin.Bench.dll of another build, <c>--before</c>), each cell also runs that build's cin in
/// the same turns, so a change's before and after come from one run on the same machine spells.
/// </remarks>
public sealed class BenchRun(bool quick, string? outPath, string? beforeEntry = null)
{
    private static readonly (int Height, int Width)[] FullSizes = { (256, 256), (512, 512), (1024, 1024), (2048, 2048), (1080, 1920) };
    private static readonly (int Height, int Width)[] QuickSizes = { (256, 256), (512, 512) };
    public static readonly int[] ThreadCounts = { 1, 2 };

    /// <summary>Child processes per runtime and cell, alternating cin and ONNX Runtime.</summary>
    private const int Rounds = 2;

    public int Execute()
    {
        var report = new StringBuilder();
        void Say(string line = "") { Console.WriteLine(line); report.AppendLine(line); }

        Say($"# cin vs ONNX Runtime, {DateTime.UtcNow:yyyy-MM-dd}");
        Say();
        Say($"- CPU: {CpuName()}, {Environment.ProcessorCount} cores; .NET {Environment.Version} JIT; SIMD: {SimdPaths.Describe()}");
        Say($"- ONNX Runtime {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version} (CPU, MLAS, ORT_ENABLE_ALL, intra-op threads as listed)");
        var peaks = ThreadCounts.ToDictionary(t => t, PeakFlops.Measure);
        Say($"- fp32 FMA peak measured in this run: {string.Join(", ", peaks.Select(p => $"{p.Value:F0} GFLOP/s on {p.Key} thread{(p.Key > 1 ? "s" : "")}"))}");
        Say($"- Median of {Rounds * Measurement.TimedRuns} runs: {Rounds} child processes per runtime, taking turns with the other runtime's ({Measurement.TimedRuns} timed runs each after a warm-up), so that both see the same spells of a shared machine's noise. Network only (no decode/encode); the peak working set (VmHWM) is the larger of a runtime's processes, each its own.");
        Say("- GFLOP/s counts the direct convolution's multiply-adds x 2, whatever algorithm ran (Winograd and sub-pixel do fewer).");
        Say();
        // The build's folder is a machine path; the table says only that another build ran.
        if (beforeEntry != null) Say("- \"before\" is another build (--before), run in the same turns; before/after above 1 means this build is faster.");
        Say();
        string beforeHead = beforeEntry != null ? " before ms | before/after |" : "";
        string beforeRule = beforeEntry != null ? " ---: | ---: |" : "";
        Say($"| network | size | threads | cin ms |{beforeHead} ORT ms | ORT/cin | cin GFLOP/s | % of peak | cin peak WS MiB | ORT peak WS MiB |");
        Say($"| --- | --- | ---: | ---: |{beforeRule} ---: | ---: | ---: | ---: | ---: | ---: |");
        var cells = new List<Cell>();
        foreach (string network in new[] { "magenta", "paper" })
        {
            var workload = Workload.Get(network);
            foreach (var (h, w) in quick ? QuickSizes : FullSizes)
            {
                foreach (int threads in ThreadCounts)
                {
                    var cinRounds = new List<Measurement.Result>();
                    var ortRounds = new List<Measurement.Result>();
                    var beforeRounds = new List<Measurement.Result>();
                    for (int round = 0; round < Rounds; round++)
                    {
                        if (beforeEntry != null) beforeRounds.Add(Child("cin", network, h, w, threads, beforeEntry));
                        cinRounds.Add(Child("cin", network, h, w, threads));
                        ortRounds.Add(Child("ort", network, h, w, threads));
                    }
                    var cin = Measurement.Combine(cinRounds);
                    var ort = Measurement.Combine(ortRounds);
                    double gflops = 2 * workload.MultiplyAdds(h, w) / cin.MedianMs / 1e6;
                    var cell = new Cell(network, h, w, threads, cin, ort);
                    cells.Add(cell);
                    string before = beforeEntry != null && Measurement.Combine(beforeRounds) is var b
                        ? $" {b.MedianMs:F1} | {b.MedianMs / cin.MedianMs:F2} |" : "";
                    Say($"| {network} | {w}x{h} | {threads} | {cin.MedianMs:F1} |{before} {ort.MedianMs:F1} | {ort.MedianMs / cin.MedianMs:F2} | " +
                        $"{gflops:F1} | {100 * gflops / peaks[threads]:F0}% | {cin.PeakWorkingSetBytes / 1048576.0:F0} | {ort.PeakWorkingSetBytes / 1048576.0:F0} |");
                }
            }
        }
        Say();
        NativeBinary.Report(Say, cells, (h, w) => Child("ort", "magenta", h, w, 2));
        if (outPath != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            File.WriteAllText(outPath, report.ToString());
            Console.WriteLine($"written {outPath}");
        }
        return 0;
    }

    public sealed record Cell(string Network, int Height, int Width, int Threads, Measurement.Result Cin, Measurement.Result Ort);

    public static Measurement.Result Child(string runtime, string network, int h, int w, int threads, string? entry = null)
    {
        // This build runs as it was started (an apphost, or dotnet with its dll); another build's dll runs under dotnet.
        entry ??= Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet" ? typeof(BenchRun).Assembly.Location : Environment.ProcessPath!;
        bool dll = entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? "dotnet" : entry)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll) start.ArgumentList.Add(entry);
        foreach (string a in new[] { "measure", runtime, network, h.ToString(), w.ToString(), threads.ToString() }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        string? line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line == null)
            throw new InvalidOperationException($"{runtime} {network} {w}x{h} t{threads} failed ({process.ExitCode}): {stderr}{stdout}");
        return Measurement.Result.Parse(line);
    }

    private static string CpuName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
