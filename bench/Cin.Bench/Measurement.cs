using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Cin.Network.Tests.Reference;

namespace Cin.Bench;

/// <summary>
/// One runtime on one network, size and thread count, measured in a process of its own so that its peak working set
/// is its own: a warm-up run, then the median of the timed runs.
/// </summary>
public static class Measurement
{
    public const int TimedRuns = 3;

    /// <summary>The timed runs of one or more processes, and the largest peak working set among them.</summary>
    public sealed record Result(IReadOnlyList<double> TimesMs, long PeakWorkingSetBytes)
    {
        public double MedianMs => Median(TimesMs.ToList());

        /// <summary>The line a child prints: <c>RESULT median peakBytes t1,t2,...</c>.</summary>
        public string Format() => FormattableString.Invariant(
            $"RESULT {MedianMs:R} {PeakWorkingSetBytes} {string.Join(',', TimesMs.Select(t => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}");

        public static Result Parse(string line)
        {
            string[] parts = line.Split(' ');
            var times = parts[3].Split(',').Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return new Result(times, long.Parse(parts[2]));
        }
    }

    public static Result Combine(IEnumerable<Result> results)
    {
        var all = results.ToList();
        return new Result(all.SelectMany(r => r.TimesMs).ToList(), all.Max(r => r.PeakWorkingSetBytes));
    }

    public static Result Cin(Workload workload, int height, int width, int threads)
    {
        var network = workload.CreateNetwork();
        var style = network.Style(workload.StyleWeights);
        var input = Workload.Input(height, width);
        network.Run(input, style, threads);
        var times = new List<double>();
        for (int r = 0; r < TimedRuns; r++)
        {
            var sw = Stopwatch.StartNew();
            network.Run(input, style, threads);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return new Result(times, PeakWorkingSet());
    }

    public static Result Ort(Workload workload, int height, int width, int threads)
    {
        byte[] model = OnnxReference.BuildModel(workload.Folder, workload.Weights, workload.StyleWeights);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        using var session = new InferenceSession(model, options);
        var nhwc = Workload.Input(height, width);
        var nchw = new float[3 * height * width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    nchw[(c * height + y) * width + x] = nhwc[y, x, c];
        var inputs = new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(nchw, new[] { 1, 3, height, width })) };
        using (session.Run(inputs)) { }
        var times = new List<double>();
        for (int r = 0; r < TimedRuns; r++)
        {
            var sw = Stopwatch.StartNew();
            using (session.Run(inputs)) { }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return new Result(times, PeakWorkingSet());
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /// <summary>VmHWM: the most resident memory this process has had.</summary>
    public static long PeakWorkingSet()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Environment.WorkingSet;
    }
}
