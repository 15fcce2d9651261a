using System.Diagnostics;

namespace Cin.Cli.Tests;

/// <summary>
/// <c>--shard I/N</c> as a cluster uses it: N cin processes started together over one folder, each told its part.
/// Every photo must come out exactly once, and no process may write an output another one writes.
/// </summary>
public sealed class ShardTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string MakePhotos(int count)
    {
        string photos = _folder.File("photos");
        Directory.CreateDirectory(Path.Combine(photos, "nested"));
        for (int i = 0; i < count; i++)
        {
            // Some in a subfolder, so the relative path (not just the file name) decides the shard.
            string path = i % 4 == 0 ? Path.Combine(photos, "nested", $"p{i:D2}.png") : Path.Combine(photos, $"p{i:D2}.png");
            TestImages.SavePng(path, 12 + i % 5, 9 + i % 3);
        }
        return photos;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void N_processes_write_every_output_once(int shards)
    {
        const int photoCount = 22;
        string photos = MakePhotos(photoCount);
        string styled = _folder.File($"styled-{shards}");

        // All N at once, as an array job starts them; no --force, so a second write of any output would fail its process.
        var processes = Enumerable.Range(0, shards)
            .Select(i => Start(photos, "-o", styled + "/", "-s", "starry-night", "--recursive", "--threads", "1", "--shard", $"{i}/{shards}"))
            .ToList();
        var results = processes.Select(Finish).ToList();

        Assert.All(results, r => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Error}"));
        // Each process names the files it wrote, one line each; together they name every output once.
        var written = results.SelectMany(r => r.Output.Split('\n').Where(l => l.Contains(": ") && !l.StartsWith("done:")))
            .Select(l => Path.GetRelativePath(styled, l[..l.IndexOf(": ", StringComparison.Ordinal)]))
            .ToList();
        Assert.Equal(photoCount, written.Count);
        Assert.Equal(photoCount, written.Distinct().Count());
        var files = Directory.EnumerateFiles(styled, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(styled, f)).Order().ToList();
        Assert.Equal(written.Order().ToList(), files);
        Assert.Equal(photoCount, files.Count);
    }

    [Fact]
    public void Auto_takes_the_index_from_the_environment_and_a_retry_with_skip_existing_writes_nothing_new()
    {
        string photos = MakePhotos(10);
        string styled = _folder.File("styled");
        var first = Finish(Start([photos, "-o", styled + "/", "-s", "starry-night", "-r", "--shard", "auto/2"], ("JOB_COMPLETION_INDEX", "1")));
        Assert.True(first.ExitCode == 0, first.Error);
        int mine = Directory.EnumerateFiles(styled, "*", SearchOption.AllDirectories).Count();
        Assert.InRange(mine, 1, 9);

        var retry = Finish(Start([photos, "-o", styled + "/", "-s", "starry-night", "-r", "--shard", "auto/2", "--skip-existing"], ("SLURM_ARRAY_TASK_ID", "1")));
        Assert.True(retry.ExitCode == 0, retry.Error);
        Assert.Contains($"{mine} skipped", retry.Output);
        Assert.Equal(mine, Directory.EnumerateFiles(styled, "*", SearchOption.AllDirectories).Count());
    }

    [Theory]
    [InlineData("3/3", "less than the shard count 3")]
    [InlineData("x", "not a shard")]
    [InlineData("auto/2", "neither is set")]
    public void A_bad_shard_is_a_usage_error(string shard, string expected)
    {
        var result = Finish(Start(MakePhotos(2), "-o", _folder.File("out") + "/", "-s", "starry-night", "--shard", shard));
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    private static Process Start(params string[] args) => Start(args, []);

    private static Process Start(string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(ProcessRunner.BuiltCin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // The test's own environment may come from a real array job; only what the test names is set.
        foreach (string name in new[] { "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID" }) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    private static CinResult Finish(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return new CinResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
