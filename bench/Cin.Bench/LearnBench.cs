using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Cin.Engine;
using Cin.Engine.Learning;
using Cin.Engine.Network;
using Cin.Features;
using Cin.Models;

namespace Cin.Bench;

/// <summary>
/// The `learn` rows (`-- learn`): one training step of <c>cin learn</c> (the style network with one new row on a batch
/// of crops, the loss network on the outputs and the crops, the losses, back to the row, Adam) through the compiled
/// backend, against PyTorch's step of the same network, batch, crop and losses (training/cin_train/bench_learn.py),
/// for magenta and paintings40 at crops 128 and 256, batch 4, 2 threads. The two take turns, round after round, so
/// both see the same spells of a shared machine; each figure is the median step. PyTorch is skipped, with a message,
/// where python3 cannot import torch. `--breakdown` also times cin's phases one by one.
/// </summary>
public static class LearnBench
{
    private const int Batch = 4, Threads = 2;
    private static readonly string[] Models = ["magenta", "paintings40"];
    private static readonly int[] Crops = [128, 256];

    public static int Run(string? outPath, int rounds, int steps, bool breakdown, string[] models, int[] crops)
    {
        var report = new StringBuilder();
        void Say(string line = "") { Console.WriteLine(line); report.AppendLine(line); }
        string? python = TorchPython();
        Say($"# Learn: one training step, cin vs PyTorch, {DateTime.UtcNow:yyyy-MM-dd}");
        Say();
        Say($"- {Environment.ProcessorCount} cores; batch {Batch}, {Threads} threads; median of {steps} steps per round, {rounds} round(s), cin and PyTorch in turns.");
        Say(python == null
            ? "- PyTorch: skipped (python3 with torch was not found; set CIN_BENCH_PYTHON to one that has it)."
            : $"- PyTorch: {python} -m cin_train.bench_learn; OpenBLAS on LD_LIBRARY_PATH: {(OpenBlas() ? "yes" : "no (give PyTorch its best: see docs/learn/README.md)")}.");
        Say();
        Say("| model | crop | cin ms/step | PyTorch ms/step | PyTorch / cin |");
        Say("| --- | ---: | ---: | ---: | ---: |");
        var backend = new CompiledLearningBackend();
        foreach (string model in models.Length > 0 ? models : Models)
            foreach (int crop in crops.Length > 0 ? crops : Crops)
            {
                var learner = Learner(BuiltInModelCatalog.Instance.Load(model), backend, crop);
                for (int i = 0; i < 3; i++) learner.Step(); // warm-up: the transposed kernels, the lanes' map arenas
                var cin = new List<double>();
                var torch = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    cin.Add(Median(Enumerable.Range(0, steps).Select(_ => Time(() => learner.Step())).ToList()));
                    if (python != null && Torch(python, model, crop, steps) is { } ms) torch.Add(ms);
                }
                double c = Median(cin);
                string t = torch.Count == 0 ? "-" : $"{Median(torch):F0}";
                string ratio = torch.Count == 0 ? "-" : $"{Median(torch) / c:F2}x";
                Say($"| {model} | {crop} | {c:F0} | {t} | {ratio} |");
                if (breakdown) Breakdown(BuiltInModelCatalog.Instance.Load(model), backend, crop, steps, s => Say($"|   | {s} | | | |"));
            }
        if (outPath != null) File.WriteAllText(outPath, report.ToString());
        return 0;
    }

    private static StyleLearner Learner(StyleNetwork network, ILearningBackend backend, int crop)
    {
        var photos = Enumerable.Range(0, 4).Select(i => Photo(crop + 40, crop + 60, i)).ToList();
        var lossNetwork = backend.LossNetwork;
        var target = StyleLearner.Target(Photo(256, 192, 9), lossNetwork, new CropSampler(photos, crop, 2), 4, Threads);
        var row = StyleRow.MeanOf(network);
        return new StyleLearner(backend.Trainer(network), lossNetwork, new PerceptualLoss(target, new LossWeights()),
            new CropSampler(photos, crop, 1), row, new AdamOptimizer(row.Values.Length, 1e-2), Batch, Threads);
    }

    /// <summary>A synthetic photo: smooth colour ramps with a seeded texture (a step's time does not depend on the picture).</summary>
    private static FeatureMap Photo(int height, int width, int seed)
    {
        var random = new Random(seed);
        var map = new FeatureMap(height, width, 3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    map[y, x, c] = Math.Clamp(0.5f * (c == 0 ? x / (float)width : c == 1 ? y / (float)height : 0.5f) + 0.4f * random.NextSingle(), 0, 1);
        return map;
    }

    /// <summary>Each phase of a step, timed alone on one crop on one thread and multiplied by the batch: where the time goes.</summary>
    private static void Breakdown(StyleNetwork network, ILearningBackend backend, int crop, int steps, Action<string> say)
    {
        // One thread, as the learner's lanes run each crop: the phases then sum to the step's processor time, and the
        // step itself takes about that over the lanes.
        const int Threads = 1;
        var trainer = backend.Trainer(network);
        var loss = backend.LossNetwork;
        var image = Photo(crop, crop, 3);
        var style = StyleRow.MeanOf(network).ToStyle();
        var phases = new Dictionary<string, List<double>>();
        void Add(string name, double ms) => (phases.TryGetValue(name, out var l) ? l : phases[name] = []).Add(ms * Batch);
        for (int i = 0; i <= steps; i++)
        {
            IStylePass pass = null!;
            ILossPass lossPass = null!;
            LossTaps gradients = null!;
            double tStyle = Time(() => pass = trainer.Forward(image, style, Threads));
            double tPhoto = Time(() => loss.ContentTap(image, Threads));
            double tLoss = Time(() => lossPass = loss.Forward(pass.Output, Threads));
            double tGram = Time(() =>
            {
                gradients = lossPass.Taps.ZerosLike();
                foreach (LossLayer layer in Enum.GetValues<LossLayer>())
                {
                    var map = lossPass.Taps[layer];
                    var gram = new double[map.Channels * map.Channels];
                    GramMatrix.Compute(map, gram, Threads);
                    var d = new float[gram.Length];
                    for (int k = 0; k < d.Length; k++) d[k] = (float)(1e-6 * gram[k]);
                    GramMatrix.Backward(map, d, gradients[layer], Threads);
                }
            });
            FeatureMap throughLoss = null!;
            double tLossBack = Time(() => throughLoss = lossPass.Backward(gradients, Threads));
            var gamma = trainer.NormWidths.Select(n => new float[n]).ToArray();
            var beta = trainer.NormWidths.Select(n => new float[n]).ToArray();
            double tStyleBack = Time(() => pass.Backward(throughLoss, gamma, beta, Threads));
            if (i == 0) continue; // warm-up
            Add("style forward", tStyle);
            Add("loss forward, photo (to layer2)", tPhoto);
            Add("loss forward, output", tLoss);
            Add("Grams and their gradients", tGram);
            Add("loss backward", tLossBack);
            Add("style backward", tStyleBack);
        }
        // The fastest step beside the median: on a shared machine the median counts waits for a core, and the fastest
        // step, one that mostly ran undisturbed, compares runs taken under different loads better.
        foreach (var (name, times) in phases) say($"{name}: {Median(times):F0} ms (fastest {times.Min():F0} ms)");
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    // Only whether it is there: the path itself is this machine's, and the report may be committed.
    private static bool OpenBlas() =>
        (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Contains("openblas", StringComparison.OrdinalIgnoreCase);

    /// <summary>A python3 that imports torch: CIN_BENCH_PYTHON, or python3 on the path; null when neither has it.</summary>
    private static string? TorchPython()
    {
        string python = Environment.GetEnvironmentVariable("CIN_BENCH_PYTHON") ?? "python3";
        try
        {
            var start = new ProcessStartInfo(python, ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0 ? python : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>bench_learn.py's median step, in ms; null (with a message) when it fails.</summary>
    private static double? Torch(string python, string model, int crop, int steps)
    {
        string root = RepoRoot.Find();
        var start = new ProcessStartInfo(python,
            ["-m", "cin_train.bench_learn", Path.Combine(root, "styles", model), Path.Combine(root, "features", "resnet18"),
             "--crop", $"{crop}", "--batch", $"{Batch}", "--threads", $"{Threads}", "--steps", $"{steps}"])
        {
            WorkingDirectory = Path.Combine(root, "training"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var match = Regex.Match(stdout, @"ms_per_step=([0-9.]+)");
        if (process.ExitCode == 0 && match.Success) return double.Parse(match.Groups[1].Value);
        Console.Error.WriteLine($"bench: bench_learn.py failed for {model} at {crop} (exit {process.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        return null;
    }
}
