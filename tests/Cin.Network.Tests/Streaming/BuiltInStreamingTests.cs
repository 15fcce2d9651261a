using Cin.Engine;
using Cin.Engine.Network;
using Cin.Engine.Network.Streaming;

namespace Cin.Network.Tests.Streaming;

/// <summary>
/// The built-in models streamed in bands against their whole-map run: the smallest band (one row at the coarsest
/// level), bands that do not divide the height, maps kept in memory and maps spilled, at odd sizes.
/// </summary>
public class BuiltInStreamingTests
{
    private const long Plenty = 1L << 40;

    [Theory]
    [InlineData("magenta", 61, 47, 4)]
    [InlineData("magenta", 37, 101, 12)]
    [InlineData("magenta", 130, 75, 20)]
    [InlineData("paintings40", 61, 47, 4)]
    [InlineData("paintings40", 37, 101, 12)]
    public void Bands_match_the_whole_map(string model, int height, int width, int bandRows)
    {
        var network = Cin.Models.BuiltInModels.Load(model);
        var style = network.Style(network.Info.Styles.Count - 1);
        var photo = Photo(height, width, seed: height * 7 + width);
        var expected = Stylizer.Stylize(photo, network, style, threads: 2);
        using var temp = new TempFolder();

        // The least memory for these bands, as the refusal of less reports it.
        var tooLittle = new StreamOptions(1, temp.Path, Threads: 2) { BandRows = bandRows };
        long least = Assert.Throws<MemoryLimitException>(() => Stream(network, style, photo, tooLittle)).RequiredBytes;

        foreach (long memory in new[] { Plenty, least })
        {
            var (output, report) = Stream(network, style, photo, tooLittle with { MemoryBytes = memory });
            Assert.True(report.Streamed);
            int framedHeight = Frame.For(height, width, network.Info).Height;
            Assert.Equal((framedHeight + bandRows - 1) / bandRows, report.Bands);
            if (memory == Plenty) Assert.Equal(0, report.SpillBytes);
            else Assert.True(report.SpillBytes > 0, "the least memory spills");
            float worst = MaxAbsDifference(expected.Span, output.Span);
            Assert.True(worst <= 1e-4f, $"{model} {width}x{height} bands of {bandRows}, memory {memory}: max difference {worst}");
            Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        }
    }

    [Fact]
    public void The_plan_chooses_bands_within_the_limit_when_whole_maps_do_not_fit()
    {
        var network = Cin.Models.BuiltInModels.Load("magenta");
        var style = network.Style(3);
        var photo = Photo(1003, 701, seed: 9);
        var expected = Stylizer.Stylize(photo, network, style, threads: 2);
        using var temp = new TempFolder();
        long whole = StreamedRun.WholeMapBytes(network, 1003, 701);
        var options = new StreamOptions(whole / 3, temp.Path, Threads: 2);
        var (output, report) = Stream(network, style, photo, options);
        Assert.True(report.Streamed);
        Assert.True(report.Bands > 1, $"{report.Bands} bands");
        Assert.InRange(report.PlannedMemoryBytes, 1, whole / 3);
        Assert.True(MaxAbsDifference(expected.Span, output.Span) <= 1e-4f);
    }

    private static (FeatureMap Output, StreamReport Report) Stream(StyleNetwork network, StyleParameters style, FeatureMap photo, StreamOptions options)
    {
        var sink = new Sink(photo.Height, photo.Width);
        var report = StreamedRun.Run(network, style, new Source(photo), sink, options);
        Assert.Equal(photo.Height, sink.Next);
        return (sink.Map, report);
    }

    private static FeatureMap Photo(int height, int width, int seed)
    {
        var random = new Random(seed);
        var photo = new FeatureMap(height, width, 3);
        // A smooth picture with some noise, nearer a photo than white noise is.
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    photo[y, x, c] = Math.Clamp(0.5f + 0.4f * MathF.Sin(0.05f * (x + 2 * y) + c) + 0.1f * (random.NextSingle() - 0.5f), 0, 1);
        return photo;
    }

    private static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cin-stream-tests-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class Source(FeatureMap map) : IRowSource
    {
        public int Height => map.Height;
        public int Width => map.Width;

        public void ReadRows(int top, int count, Span<float> destination) =>
            map.Data.AsSpan(top * Width * 3, count * Width * 3).CopyTo(destination);
    }

    private sealed class Sink(int height, int width) : IRowSink
    {
        public FeatureMap Map { get; } = new(height, width, 3);
        public int Next { get; private set; }

        public void WriteRows(int top, int count, ReadOnlySpan<float> rows)
        {
            Assert.Equal(Next, top);
            rows[..(count * Map.Width * 3)].CopyTo(Map.Data.AsSpan(top * Map.Width * 3));
            Next = top + count;
        }
    }
}
