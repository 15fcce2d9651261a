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
    public const int TimedRuns = 5;

    public sealed record Result(double MedianMs, long PeakWorkingSetBytes);

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
        return new Result(Median(times), PeakWorkingSet());
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
        return new Result(Median(times), PeakWorkingSet());
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
