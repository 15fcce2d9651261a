using System.Diagnostics;
using System.Globalization;
using Cin.Engine.Imaging;
using Cin.Engine.Imaging.Icc;
using CsCheck;

namespace Cin.Engine.Tests.Icc;

/// <summary>
/// Fuzzes the code that parses untrusted colour data by hand: <see cref="IccProfileReader"/>, the colour conversion
/// built on what it returns, and <see cref="EmbeddedColor"/>, which digs profiles out of JPEG, PNG and WebP files.
/// The property: the reader returns a profile or null (an unusable profile is "no profile", and the image is read
/// as sRGB with a note); whole files end in a decoded image or an <see cref="ImageFileException"/>. Never another
/// exception, never a hang, never an allocation out of proportion to the input.
/// </summary>
/// <remarks>
/// CI runs a bounded number of inputs per property (<see cref="FuzzBudget"/>), a few seconds in all. A long run by
/// hand, for example ten minutes per property:
/// <code>
/// CIN_FUZZ_SECONDS=600 dotnet test --project tests/Cin.Engine.Tests --output Detailed -- --filter-class '*IccFuzzTests'
/// </code>
/// or <c>CIN_FUZZ_ITERATIONS=1000000</c> for a count. Each property prints how many inputs it ran and how many gave
/// each kind of result (--output Detailed shows it). A failure prints the shrunk input (base64) and the CsCheck seed
/// that reproduces it; <c>CIN_FUZZ_SEED=&lt;seed&gt;</c> replays that run.
/// First found (and fixed in IccProfileReader): colour-space signatures and profile names passed control
/// characters (an escape sequence, from a hostile file, would reach the terminal in a note), bidirectional
/// overrides and line separators through, and the 64-character cut could split a surrogate pair. 3.0 million
/// inputs in an 8-minute run after the fix found nothing more.
/// </remarks>
public sealed class IccFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(5);

    [Fact]
    public Task ReaderReturnsAProfileOrNullForAnyBytes() =>
        Run(IccFuzzInputs.AnyProfile, FuzzBudget.Iterations(20_000), bytes => Classify(ReadAndApply(bytes)));

    [Fact]
    public Task EmbeddedColorNeverThrowsOnJpegPngOrWebpContainers() =>
        Run(Gen.OneOf(IccFuzzInputs.ImageWithProfile.Select(f => (f.Format, f.File)), IccFuzzInputs.WebpWithProfile.Select(w => ("Webp", w))),
            FuzzBudget.Iterations(5_000), input =>
            {
                var embedded = Bounded(input.Item2.Length, () => EmbeddedColor.Find(input.Item1, input.Item2));
                return embedded.Profile is null ? $"{input.Item1}: no profile" : $"{input.Item1}: " + Classify(ReadAndApply(embedded.Profile));
            });

    [Fact]
    public Task ImageReaderReturnsAnImageOrAnImageFileError() =>
        Run(IccFuzzInputs.ImageWithProfile, FuzzBudget.Iterations(400), input =>
        {
            string path = Path.Combine(Path.GetTempPath(), $"cin-icc-fuzz-{Guid.NewGuid():N}{input.Extension}");
            File.WriteAllBytes(path, input.File);
            try
            {
                var image = ImageReader.Read(path);
                AssertUnitRange(image.Rgb.Span);
                // What a front end prints about the file: its colour space and the notes, one printable line each.
                AssertPrintable(image.ColorSpace);
                foreach (string note in image.Notes) AssertPrintable(note);
                return $"{input.Format}: {(image.ConvertedToSrgb ? "converted" : image.Notes.Count > 0 ? "read as sRGB, with a note" : "read as sRGB")}";
            }
            catch (ImageFileException e)
            {
                Assert.StartsWith(path + ": ", e.Message);
                return $"{input.Format}: ImageFileException {e.Error}";
            }
            finally
            {
                File.Delete(path);
            }
        });

    /// <summary>The reader on <paramref name="bytes"/>, then, if it gave a profile, the conversion of a ramp of colours.</summary>
    private static IccProfileInfo? ReadAndApply(byte[] bytes)
    {
        var profile = Bounded(bytes.Length, () => IccProfileReader.TryRead(bytes));
        if (profile is null) return null;

        // The names end up in one-line messages on a terminal: no control characters (an escape sequence would
        // reach the terminal), no line breaks or bidirectional overrides, no half of a surrogate pair.
        AssertPrintable(profile.Description);
        Assert.InRange(profile.Description.Length, 1, 64);
        AssertPrintable(profile.ColorSpace);
        AssertPrintable(profile.ConnectionSpace);
        if (profile.Colorants is { } colorants) Assert.All(colorants, c => Assert.True(double.IsFinite(c)));
        foreach (var curve in profile.Curves ?? [])
            for (int i = 0; i <= 16; i++) Assert.True(double.IsFinite(curve.Evaluate(i / 16.0)));

        var rgb = new FeatureMap(4, 16, 3);
        var span = rgb.Span;
        for (int i = 0; i < span.Length; i++) span[i] = (i * 37 % 101) / 100f;
        var notes = new List<string>();
        Bounded(bytes.Length, () => ColorManagement.ToSrgb(rgb, new EmbeddedColor(bytes, false, 0), null, notes));
        AssertUnitRange(rgb.Span);
        return profile;
    }

    // CsCheck reads '/' in a class name as a level of its summary table, so the names avoid it.
    private static string Classify(IccProfileInfo? profile) => profile switch
    {
        null => "unusable",
        { IsRgbMatrixShaper: true } => "RGB matrix-shaper",
        { IsGrayShaper: true } => "grey curve",
        { ColorSpace: "RGB" or "CMYK" or "GRAY" } => $"{profile.ColorSpace}, not applicable",
        _ => "other colour space",
    };

    private static void AssertPrintable(string text)
    {
        try
        {
            s_strictUtf8.GetByteCount(text);
        }
        catch (System.Text.EncoderFallbackException)
        {
            Assert.Fail($"{Escape(text)} is not well-formed UTF-16");
        }
        foreach (char c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                Assert.Fail($"{Escape(text)} holds U+{(int)c:X4} ({category})");
        }
    }

    // The failing text as code points, so the report itself prints safely.
    private static string Escape(string text) => "\"" + string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";

    private static readonly System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void AssertUnitRange(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!(v >= 0 && v <= 1)) Assert.Fail($"a converted value is {v}, outside [0, 1]");
    }

    /// <summary>
    /// Runs <paramref name="action"/> and checks that it neither took long nor allocated more than a small multiple
    /// of the input (the largest legitimate structure is a curve table of 8 bytes per 2 input bytes).
    /// </summary>
    private static T Bounded<T>(int inputLength, Func<T> action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        T result = action();
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long limit = (1 << 20) + 32L * inputLength;
        if (allocated > limit) Assert.Fail($"allocated {allocated:N0} bytes for {inputLength:N0} input bytes (limit {limit:N0})");
        if (watch.Elapsed > SlowInput) Assert.Fail($"took {watch.Elapsed.TotalSeconds:0.0} s for {inputLength:N0} input bytes");
        return result;
    }

    /// <summary>
    /// Samples <paramref name="gen"/> with CsCheck on every core and prints the count per class. The whole run is
    /// bounded too: an input that never returns fails the test rather than hanging it.
    /// </summary>
    private async Task Run<T>(Gen<T> gen, FuzzBudget budget, Func<T, string> classify)
    {
        var watch = Stopwatch.StartNew();
        var summary = new List<string>();
        long executions = 0;
        var sample = Task.Run(() => gen.Sample(input =>
            {
                Interlocked.Increment(ref executions);
                return classify(input);
            }, writeLine: summary.Add, seed: FuzzBudget.Seed, iter: budget.Count, time: budget.Seconds, print: Print));
        await sample.WaitAsync(budget.Deadline, TestContext.Current.CancellationToken);
        output.WriteLine($"{executions:N0} executions in {watch.Elapsed.TotalSeconds:0.0} s ({budget}):");
        foreach (string line in summary) output.WriteLine(line);
    }

    private static string Print<T>(T input) => input switch
    {
        byte[] bytes => $"{bytes.Length} bytes: {Convert.ToBase64String(bytes)}",
        ValueTuple<string, byte[]> t => $"{t.Item1}, {t.Item2.Length} bytes: {Convert.ToBase64String(t.Item2)}",
        ValueTuple<string, string, byte[]> t => $"{t.Item1}, {t.Item3.Length} bytes: {Convert.ToBase64String(t.Item3)}",
        _ => input?.ToString() ?? "null",
    };
}

/// <summary>
/// How long a fuzz property runs: a fixed count in CI, or what CIN_FUZZ_ITERATIONS (a count) or CIN_FUZZ_SECONDS
/// (a duration) ask for; CIN_FUZZ_SEED replays a reported seed.
/// </summary>
internal readonly record struct FuzzBudget(long Count, int Seconds)
{
    public static string? Seed => Environment.GetEnvironmentVariable("CIN_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    public static FuzzBudget Iterations(long ciDefault)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("CIN_FUZZ_SECONDS"), out int seconds) && seconds > 0)
            return new FuzzBudget(-1, seconds);
        if (long.TryParse(Environment.GetEnvironmentVariable("CIN_FUZZ_ITERATIONS"), out long count) && count > 0)
            return new FuzzBudget(count, -1);
        return new FuzzBudget(ciDefault, -1);
    }

    /// <summary>Far beyond what the budget needs: reaching it means an input hung.</summary>
    public TimeSpan Deadline => Seconds > 0 ? TimeSpan.FromSeconds(2 * Seconds + 120) : TimeSpan.FromSeconds(120 + Count / 50);

    public override string ToString() => Seconds > 0 ? $"{Seconds} s of inputs" : $"{Count:N0} inputs";
}
