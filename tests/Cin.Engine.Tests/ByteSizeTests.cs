using Cin.Engine.Batch;

namespace Cin.Engine.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData("1G", 1L << 30)]
    [InlineData("2g", 2L << 30)]
    [InlineData("1500M", 1500L << 20)]
    [InlineData("800k", 800L << 10)]
    [InlineData("800K", 800L << 10)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("1GB", 1L << 30)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("512mb", 512L << 20)]
    [InlineData("2T", 2L << 40)]
    [InlineData("123456789", 123456789L)]
    [InlineData(" 1G ", 1L << 30)]
    public void Reads_the_spellings_in_1024_based_units(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out long bytes));
        Assert.Equal(expected, bytes);
        Assert.Equal(expected, ByteSize.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("0")]
    [InlineData("0G")]
    [InlineData("-1G")]
    [InlineData("1.5")]
    [InlineData("1X")]
    [InlineData("1 G G")]
    [InlineData("lots")]
    [InlineData("1e9")]
    [InlineData("99999999999T")]
    [InlineData("B")]
    [InlineData(null)]
    public void Refuses_what_is_not_a_size(string? text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Fact]
    public void The_parse_error_is_one_line_quoting_the_text()
    {
        var e = Assert.Throws<FormatException>(() => ByteSize.Parse("lots"));
        Assert.Contains("'lots'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(512L, "512 B")]
    [InlineData(800L << 10, "800 KiB")]
    [InlineData(1L << 30, "1 GiB")]
    [InlineData(4_939_212_390L, "4.6 GiB")]
    [InlineData(15L << 20, "15 MiB")]
    [InlineData(1536L, "1.5 KiB")]
    public void Formats_in_the_same_units(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}
