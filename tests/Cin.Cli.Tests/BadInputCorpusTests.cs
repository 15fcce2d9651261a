using System.Diagnostics;
using System.Text.RegularExpressions;
using SixLabors.ImageSharp;

namespace Cin.Cli.Tests;

/// <summary>
/// The generated bad-input corpus (<see cref="BadInputCorpus"/>, over 150 files) through the real cin process: the
/// one built beside these tests and, when it has been published, the NativeAOT binary. Each group of files is one
/// folder run. Every file must end in a complete output or exactly one error line that names it; the process must
/// exit 0 (all succeeded) or 1 (some failed), within a time limit, with no crash, no stack trace, no "internal error",
/// and no temporary or partial file anywhere.
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheBuiltCinHandlesTheWholeCorpus() => RunCorpus(ProcessRunner.BuiltCin, "built");

    [Fact]
    public void ThePublishedCinHandlesTheWholeCorpus()
    {
        string cin = ProcessRunner.PublishedCin ?? SkipNow("no published binary at artifacts/publish/cin; run 'dotnet pwsh ./build.ps1' first");
        RunCorpus(cin, "published");
    }

    [Fact]
    public void AReadOnlyOutputFolderIsOneClearError()
    {
        string input = _folder.File("in");
        Directory.CreateDirectory(input);
        TestImages.SavePng(Path.Combine(input, "a.png"), 20, 12);
        TestImages.SavePng(Path.Combine(input, "b.png"), 20, 12);
        string output = ReadOnlyFolder();

        var result = ProcessRunner.Run(ProcessRunner.BuiltCin, TimeSpan.FromMinutes(2), input, "-o", output, "-s", FirstStyle(ProcessRunner.BuiltCin));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Matches($"^cin: {Regex.Escape(output)}: the output folder is not writable", result.SingleErrorLine());
        Assert.Equal("", result.Output);
        if (Directory.Exists(output)) Assert.DoesNotContain(Directory.GetFiles(output), f => Path.GetFileName(f).Contains("cin"));
    }

    /// <summary>
    /// A folder cin may not write to. As root, permissions do not apply, so a chmod-555 folder is still writable; then
    /// /sys, which the kernel keeps read-only even for root, stands in; without either the test is skipped.
    /// </summary>
    private string ReadOnlyFolder()
    {
        string folder = _folder.File("read-only");
        Directory.CreateDirectory(folder);
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("read-only folders are tested on Unix");
            return null!;
        }
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (!Writable(folder)) return folder;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Directory.Exists("/sys") && !Writable("/sys")) return "/sys";
        Assert.Skip("running as root with no read-only folder to test with (chmod does not bind root, /sys is writable)");
        return null!;
    }

    private static bool Writable(string folder)
    {
        try
        {
            string probe = Path.Combine(folder, $".probe-{Guid.NewGuid():n}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private void RunCorpus(string cin, string label)
    {
        var log = new List<string>();
        var groups = BadInputCorpus.Generate(_folder.Path, log.Add);
        string style = FirstStyle(cin);
        int total = 0, succeeded = 0, errors = 0;
        var clock = Stopwatch.StartNew();

        foreach (var group in groups.Where(g => g.Files.Count > 0))
        {
            string output = Path.Combine(_folder.Path, "out", label, group.Name);
            string[] inputs = group.NameFiles ? group.Files.Select(f => f.Path).ToArray() : [group.Folder];
            // A bounded time per file, generous for the unoptimized debug build on a busy two-core machine.
            var limit = TimeSpan.FromSeconds(60 + 10 * group.Files.Count);
            var watch = Stopwatch.StartNew();
            var result = ProcessRunner.Run(cin, limit, [.. inputs, "-o", output, "-s", style, "--jobs", "2", "--threads", "1", .. group.ExtraArgs]);
            log.Add($"{group.Name}: {group.Files.Count} files, {watch.Elapsed.TotalSeconds:0.0} s, exit {result.ExitCode}");
            log.AddRange(result.ErrorLines.Select(line => "    " + line.Replace(_folder.Path, "<corpus>")));

            string[] errorLines = result.ErrorLines;
            AssertNoCrash(group, result);
            // A folder named on the command line is a folder run of its own; it is reported apart from the summary.
            int planned = group.Files.Count(f => !Directory.Exists(f.Path));
            int groupErrors = 0, plannedErrors = 0;
            foreach (var file in group.Files)
            {
                total++;
                string expected = ExpectedOutput(file.Path, output, style);
                var mine = errorLines.Where(l => l.StartsWith($"cin: {file.Path}: ", StringComparison.Ordinal) && !l.Contains(": note: ")).ToArray();
                bool written = File.Exists(expected);
                string about = $"{group.Name}/{Path.GetFileName(file.Path)} ({file.What})";
                Assert.True(mine.Length <= 1, $"{about}: more than one error line:\n{string.Join('\n', mine)}");
                Assert.True(written ^ (mine.Length == 1), $"{about}: expected an output or one error line, got output={written}, errors={mine.Length}\n{result.Error}");
                if (written)
                {
                    Assert.True(file.Expect != Expect.Error, $"{about}: expected an error, but it was stylized");
                    using (var image = Image.Load(expected)) Assert.True(image.Width > 0 && image.Height > 0);
                    file.Check?.Invoke(expected);
                    succeeded++;
                }
                else
                {
                    Assert.True(file.Expect != Expect.Success, $"{about}: expected success, got: {mine[0]}");
                    errors++;
                    groupErrors++;
                    if (!Directory.Exists(file.Path)) plannedErrors++;
                }
            }
            Assert.True(result.ExitCode == (groupErrors > 0 ? ExitCodes.Failure : ExitCodes.Success),
                $"{group.Name}: exit code {result.ExitCode} with {groupErrors} errors\n{result.Error}");
            Assert.Matches($@"(?m)^done: {planned - plannedErrors} stylized(, {plannedErrors} failed)? of {planned} files? in ", result.Output);
            Assert.Empty(Leftovers(group.Folder).Concat(Leftovers(output)));
        }

        string report = $"bad-input corpus ({label} cin): {total} files, {succeeded} stylized, {errors} clean errors, 0 crashes, {clock.Elapsed.TotalSeconds:0} s";
        log.Add(report);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', log));
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, $"corpus-{label}.txt"), log);
        Assert.True(total >= 150, $"the corpus should have at least 150 files; it has {total}");
    }

    /// <summary>No unhandled exception, stack trace or internal error; every stderr line is a file's error or note.</summary>
    private static void AssertNoCrash(CorpusGroup group, CinResult result)
    {
        string all = result.Output + result.Error;
        Assert.DoesNotContain("Unhandled exception", all);
        Assert.DoesNotContain("internal error", all);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", all);
        foreach (string line in result.ErrorLines)
            Assert.True(line.StartsWith("cin: ", StringComparison.Ordinal) && group.Files.Any(f => line.StartsWith($"cin: {f.Path}: ", StringComparison.Ordinal)),
                $"{group.Name}: stderr line that names no input: {line}");
    }

    private static string ExpectedOutput(string input, string folder, string style)
    {
        string extension = Path.GetExtension(input).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp" or ".bmp" or ".tif" or ".tiff"
            ? Path.GetExtension(input) : ".png";
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(input)}-{style}{extension}");
    }

    /// <summary>cin's temporary files (".name.cin-xxxxxxxx.tmp") and write probes, wherever they are.</summary>
    private static IEnumerable<string> Leftovers(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
            .Where(f => Path.GetFileName(f).Contains(".cin-") || Path.GetFileName(f).EndsWith(".tmp", StringComparison.Ordinal))
        : [];

    private static string FirstStyle(string cin)
    {
        var styles = ProcessRunner.Run(cin, "styles");
        if (styles.ExitCode != ExitCodes.Success) Assert.Skip($"cin has no usable built-in model: {styles.Error.Trim()}");
        return styles.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }

    private static string SkipNow(string reason)
    {
        Assert.Skip(reason);
        return null!;
    }
}
