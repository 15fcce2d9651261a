using System.Diagnostics;
using System.Reflection;
using Cin.Engine.Simd;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Network.Tests.Snapshots;

/// <summary>
/// Measures how much the snapshot images move with the thread count and with the CPU's vector paths, to size and
/// check <see cref="Snapshot"/>'s tolerance. Opt-in (it runs this test assembly again in child processes with
/// .NET's ISA switches): <c>CIN_MEASURE_SPREAD=1 dotnet test tests/Cin.Network.Tests</c>, output in the test log.
/// </summary>
public class SnapshotSpreadTests(ITestOutputHelper output)
{
    private const string ChildOutVariable = "CIN_SPREAD_CHILD_OUT";

    // .NET 10's switches, checked with Vector*.IsHardwareAccelerated and Fma.IsSupported on an AVX-512 machine:
    // EnableAVX512=0 leaves 256-bit vectors with FMA; EnableAVX2=0 leaves 128-bit vectors and no FMA (FMA belongs to
    // the AVX2 group); EnableHWIntrinsic=0 leaves scalar code. (EnableFMA=0 alone changes nothing in .NET 10.)
    private static readonly (string Label, string Variable)[] CpuPaths =
    {
        ("256-bit + FMA", "DOTNET_EnableAVX512"),
        ("128-bit, no FMA", "DOTNET_EnableAVX2"),
        ("scalar", "DOTNET_EnableHWIntrinsic"),
    };

    [Fact]
    public void Snapshot_spread_across_threads_and_cpu_paths()
    {
        string? childOut = Environment.GetEnvironmentVariable(ChildOutVariable);
        if (childOut is null && Environment.GetEnvironmentVariable("CIN_MEASURE_SPREAD") != "1")
            Assert.Skip("A measurement: set CIN_MEASURE_SPREAD=1 to run it (it starts child processes).");
        if (PhotoPipeline.SkipReason() is { } reason) Assert.Skip(reason);

        if (childOut is not null)
        {
            WriteAll(childOut);
            File.WriteAllText(Path.Combine(childOut, "paths.txt"), SimdPaths.Describe());
            return;
        }

        string baseline = Directory.CreateTempSubdirectory("cin-spread-").FullName;
        try
        {
            WriteAll(baseline);
            output.WriteLine($"baseline: {SimdPaths.Describe()}, {PhotoPipeline.Threads} threads");

            // Thread counts, in process.
            foreach (int threads in new[] { 1, 3, 4 })
            {
                var worst = default(SnapshotDifference);
                float worstFloat = 0;
                foreach (var (photo, file) in PhotoPipeline.Photos)
                {
                    using var input = PhotoPipeline.LoadResized(file);
                    foreach (var (style, alias) in PhotoPipeline.Styles)
                    {
                        var styleParameters = PhotoPipeline.Style(alias);
                        var a = PhotoPipeline.StylizeMap(input, styleParameters);
                        var b = PhotoPipeline.StylizeMap(input, styleParameters, threads);
                        for (int i = 0; i < a.Length; i++) worstFloat = MathF.Max(worstFloat, MathF.Abs(a.Span[i] - b.Span[i]));
                        using var ia = PhotoPipeline.ToImage(a);
                        using var ib = PhotoPipeline.ToImage(b);
                        worst = Worse(worst, Snapshot.Compare(ia, ib));
                    }
                }
                output.WriteLine($"{threads} threads vs {PhotoPipeline.Threads}: float max {worstFloat:E2}; 8-bit worst {worst}");
                Assert.True(worst.WithinTolerance);
            }

            // How much the output moves when the input does by one level in 1% of its values: the scale of what a
            // different JPEG decoder or resize (on another CPU) could do to a snapshot.
            {
                using var input = PhotoPipeline.LoadResized(PhotoPipeline.Photos[1].File);
                var random = new Random(5);
                using var nudged = input.Clone();
                nudged.ProcessPixelRows(rows =>
                {
                    for (int y = 0; y < rows.Height; y++)
                        foreach (ref var p in rows.GetRowSpan(y))
                        {
                            if (random.NextDouble() < 0.01) p.R = (byte)(p.R == 255 ? 254 : p.R + 1);
                            if (random.NextDouble() < 0.01) p.G = (byte)(p.G == 0 ? 1 : p.G - 1);
                            if (random.NextDouble() < 0.01) p.B = (byte)(p.B == 255 ? 254 : p.B + 1);
                        }
                });
                var style = PhotoPipeline.Style("19");
                using var a = PhotoPipeline.Stylize(input, style);
                using var b = PhotoPipeline.Stylize(nudged, style);
                output.WriteLine($"input nudged by 1 level in 1% of values ({PhotoPipeline.Photos[1].Label}, starry-night): {Snapshot.Compare(a, b)}");
            }

            // CPU paths, in child processes of this test assembly.
            var failures = new List<string>();
            foreach (var (label, variable) in CpuPaths)
            {
                string child = Directory.CreateTempSubdirectory("cin-spread-child-").FullName;
                try
                {
                    string? error = RunChild(child, variable);
                    var inputWorst = default(SnapshotDifference);
                    foreach (var (photo, _) in PhotoPipeline.Photos)
                        if (File.Exists(Path.Combine(child, $"{photo}.input.png")))
                            inputWorst = Worse(inputWorst, CompareFiles(baseline, child, $"{photo}.input.png"));
                    output.WriteLine($"{label} ({variable}=0): resized input worst {inputWorst}");
                    if (error is not null)
                    {
                        output.WriteLine($"{label} ({variable}=0): the network failed in the child process:\n{error}");
                        failures.Add($"{label}: the child process failed");
                        continue;
                    }
                    var worst = default(SnapshotDifference);
                    foreach (var (photo, _) in PhotoPipeline.Photos)
                        foreach (var (style, _) in PhotoPipeline.Styles)
                        {
                            var d = CompareFiles(baseline, child, $"{photo}.{style}.png");
                            output.WriteLine($"  {label}: {photo}.{style}: {d}");
                            worst = Worse(worst, d);
                        }
                    output.WriteLine($"{label} ({variable}=0; child reports '{File.ReadAllText(Path.Combine(child, "paths.txt"))}'): " +
                                     $"output worst {worst}");
                    if (!worst.WithinTolerance) failures.Add($"{label}: {worst}");
                }
                finally
                {
                    Directory.Delete(child, recursive: true);
                }
            }
            Assert.True(failures.Count == 0, string.Join("; ", failures));
        }
        finally
        {
            Directory.Delete(baseline, recursive: true);
        }
    }

    private static void WriteAll(string folder)
    {
        // Inputs first: they are worth comparing even if the network then fails in this configuration.
        var inputs = PhotoPipeline.Photos.Select(p => (p.Label, Image: PhotoPipeline.LoadResized(p.File))).ToList();
        foreach (var (photo, input) in inputs) PhotoPipeline.SavePng(input, Path.Combine(folder, $"{photo}.input.png"));
        foreach (var (photo, input) in inputs)
        {
            foreach (var (style, alias) in PhotoPipeline.Styles)
            {
                using var stylized = PhotoPipeline.Stylize(input, PhotoPipeline.Style(alias));
                PhotoPipeline.SavePng(stylized, Path.Combine(folder, $"{photo}.{style}.png"));
            }
            input.Dispose();
        }
    }

    private static SnapshotDifference CompareFiles(string a, string b, string name)
    {
        using var ia = Image.Load<Rgb24>(Path.Combine(a, name));
        using var ib = Image.Load<Rgb24>(Path.Combine(b, name));
        return Snapshot.Compare(ia, ib);
    }

    private static SnapshotDifference Worse(SnapshotDifference a, SnapshotDifference b) => new(
        Math.Max(a.MaxLevels, b.MaxLevels), Math.Max(a.MeanLevels, b.MeanLevels), Math.Max(a.DifferingFraction, b.DifferingFraction));

    /// <summary>Runs this test in a child process with one ISA switch off; returns null, or what went wrong.</summary>
    private static string? RunChild(string folder, string variable)
    {
        // The test host is either this assembly's apphost or 'dotnet' running the assembly.
        string host = Environment.ProcessPath!;
        string assembly = Assembly.GetExecutingAssembly().Location;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("-method");
        start.ArgumentList.Add($"{typeof(SnapshotSpreadTests).FullName}.{nameof(Snapshot_spread_across_threads_and_cpu_paths)}");
        start.Environment[ChildOutVariable] = folder;
        start.Environment[variable] = "0";
        start.Environment.Remove("CIN_MEASURE_SPREAD");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return "it did not finish in 5 minutes";
        }
        if (process.ExitCode == 0 && File.Exists(Path.Combine(folder, "paths.txt"))) return null;
        // The runner's failure report: keep the exception lines, not the whole log.
        var lines = (stdout.Result + stderr.Result).Split('\n')
            .Where(l => l.Contains("Exception") || l.Contains(" at Cin.")).Take(8);
        return $"exit {process.ExitCode}: " + string.Join("\n", lines);
    }
}
