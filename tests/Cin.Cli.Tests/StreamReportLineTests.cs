using Cin.Engine.Network.Streaming;
using Cin.Engine.Photos;

namespace Cin.Cli.Tests;

/// <summary>The per-photo line says when a photo's network ran in bands, and is unchanged otherwise.</summary>
public sealed class StreamReportLineTests
{
    private static readonly PhotoResult Photo = new("in.jpg", "out.jpg", 8000, 4500) { Elapsed = TimeSpan.FromSeconds(20.5) };

    private static string Line(PhotoResult result)
    {
        using var reporter = new BatchReporter(TextWriter.Null, TextWriter.Null, bar: false, 80, "starry-night");
        return reporter.SuccessLine(result);
    }

    [Fact]
    public void AStreamedPhotoShowsItsBandsAndSpill()
    {
        var streamed = Photo with { Network = new StreamReport(Streamed: true, Bands: 12, SpillBytes: 4_939_212_390) };
        Assert.Equal("out.jpg: 8000x4500, style starry-night, 20.50 s (streamed in 12 bands, 4.6 GiB spilled)", Line(streamed));
    }

    [Fact]
    public void AStreamedPhotoThatSpilledNothingSaysSo()
    {
        var streamed = Photo with { Network = new StreamReport(true, 3, 0) };
        Assert.EndsWith("20.50 s (streamed in 3 bands, nothing spilled)", Line(streamed));
    }

    [Fact]
    public void AWholeMapRunKeepsTheUsualLine()
    {
        string plain = "out.jpg: 8000x4500, style starry-night, 20.50 s";
        Assert.Equal(plain, Line(Photo));
        Assert.Equal(plain, Line(Photo with { Network = new StreamReport(false, 1, 0) }));
    }
}
