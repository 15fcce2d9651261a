using System.Diagnostics;
using System.Globalization;
using Cin.Bench;

// cin vs ONNX Runtime, one table. Usage:
//   dotnet run --project bench/Cin.Bench -c Release [-- --quick] [--out bench/results/NAME.md] [--before OTHER/Cin.Bench.dll]
//   dotnet run --project bench/Cin.Bench -c Release -- peak   (the FMA peak alone)
//   dotnet run --project bench/Cin.Bench -c Release -- --native-only [--png-only]   (the native binary's rows alone; or its 1024x640 PNG row)
//   dotnet run --project bench/Cin.Bench -c Release -- video [--speed-only] [--out FILE]   (video: temporal stability and fps)
//   dotnet run --project bench/Cin.Bench -c Release -- big [--rounds N] [--out FILE]   (36 and 100 MP photos, with and without --max-memory)
//   dotnet run --project bench/Cin.Bench -c Release -- learn [--rounds N] [--steps N] [--breakdown] [--model M] [--crop C] [--out FILE]
//       (one training step of cin learn vs PyTorch's, in turns; see LearnBench.cs)
//   dotnet run --project bench/Cin.Bench -c Release -- png FILE [--runs N] [--levels 1,2,6] [--threads 1,2]
//       (cin's PNG writer: time against size per deflate level, beside ImageSharp's encoder; see PngLevels.cs)
//   (child mode, used by the parent: measure cin|ort NETWORK HEIGHT WIDTH THREADS)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 6 && args[0] == "measure")
{
    var workload = Workload.Get(args[2]);
    int h = int.Parse(args[3]), w = int.Parse(args[4]), threads = int.Parse(args[5]);
    var result = args[1] == "cin" ? Measurement.Cin(workload, h, w, threads) : Measurement.Ort(workload, h, w, threads);
    Console.WriteLine(result.Format());
    return 0;
}

if (args.Length >= 1 && args[0] == "video")
{
    int videoOut = Array.IndexOf(args, "--out");
    return VideoBench.Run(videoOut >= 0 && videoOut + 1 < args.Length ? args[videoOut + 1] : null, speedOnly: args.Contains("--speed-only"));
}

if (args.Length >= 2 && args[0] == "png")
{
    string? Option(string name) { int at = Array.IndexOf(args, name); return at >= 0 && at + 1 < args.Length ? args[at + 1] : null; }
    int[] List(string name, int[] fallback) => Option(name) is { } v ? v.Split(',').Select(int.Parse).ToArray() : fallback;
    return PngLevels.Run(args[1], int.TryParse(Option("--runs"), out int n) && n > 0 ? n : 5, List("--levels", [1, 2, 3, 4, 6, 9]), List("--threads", [1, 2]));
}

if (args.Length >= 1 && args[0] == "big")
{
    int bigOut = Array.IndexOf(args, "--out");
    int roundsAt = Array.IndexOf(args, "--rounds");
    int rounds = roundsAt >= 0 && roundsAt + 1 < args.Length && int.TryParse(args[roundsAt + 1], out int r) && r > 0 ? r : 2;
    return BigPhotos.Run(bigOut >= 0 && bigOut + 1 < args.Length ? args[bigOut + 1] : null, rounds);
}

if (args.Length >= 1 && args[0] == "learn")
{
    string? Option(string name) { int at = Array.IndexOf(args, name); return at >= 0 && at + 1 < args.Length ? args[at + 1] : null; }
    int Count(string name, int fallback) => int.TryParse(Option(name), out int n) && n > 0 ? n : fallback;
    return LearnBench.Run(Option("--out"), Count("--rounds", 2), Count("--steps", 3), args.Contains("--breakdown"),
        Option("--model") is { } m ? [m] : [], Option("--crop") is { } c ? [int.Parse(c)] : []);
}

if (args.Length == 1 && args[0] == "peak")
{
    foreach (int threads in BenchRun.ThreadCounts)
        Console.WriteLine($"fp32 FMA peak on {threads} thread(s): {PeakFlops.Measure(threads):F1} GFLOP/s");
    return 0;
}

if (args.Contains("--native-only"))
{
    NativeBinary.Report(Console.WriteLine, new List<BenchRun.Cell>(), (h, w) => BenchRun.Child("ort", "magenta", h, w, 2), args.Contains("--png-only"));
    return 0;
}

bool quick = args.Contains("--quick");
int outIndex = Array.IndexOf(args, "--out");
string? outPath = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
int beforeIndex = Array.IndexOf(args, "--before");
string? before = beforeIndex >= 0 && beforeIndex + 1 < args.Length ? Path.GetFullPath(args[beforeIndex + 1]) : null;
if (before != null && !File.Exists(before))
{
    Console.Error.WriteLine($"bench: {before}: no such file (give the Cin.Bench.dll of the build to compare with)");
    return 2;
}
return new BenchRun(quick, outPath, before).Execute();
