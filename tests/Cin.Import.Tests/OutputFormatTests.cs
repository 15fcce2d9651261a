using System.Globalization;
using System.Text;
using Cin.Import.Magenta;
using Cin.Import.Output;

namespace Cin.Import.Tests;

public sealed class OutputFormatTests
{
    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f, "1")]
    [InlineData(-0.289491f, "-0.289491")]
    [InlineData(1e-5f, "1E-05")]
    [InlineData(16777216f, "16777216")]
    public void Floats_are_written_in_the_shortest_form_that_round_trips(float value, string text)
    {
        Assert.Equal(text, FloatText.Format(value));
        Assert.Equal(value, float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Float_text_ignores_the_current_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("0.5", FloatText.Format(0.5f));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Text_files_use_lf_line_ends_and_no_byte_order_mark()
    {
        var files = ModelFiles.Build(MagentaImporter.Import(new SyntheticMagenta().Build()));
        foreach (var (name, bytes) in files.Where(f => f.Name != ModelFiles.WeightsBin))
        {
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), $"{name} starts with a BOM");
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public void Styles_tsv_has_the_header_and_original_indexes_as_aliases()
    {
        var files = ModelFiles.Build(MagentaImporter.Import(new SyntheticMagenta().Build()));
        string[] lines = Encoding.UTF8.GetString(files.Single(f => f.Name == ModelFiles.StylesTsv).Bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("index\tname\taliases\ttitle\tartist\tyear\tsource", lines[0]);
        Assert.Equal(27, lines.Length);
        Assert.Equal("19\tstarry-night\t19\tThe Starry Night\tVincent van Gogh\t1889\tMagenta TF Stylize example, style 19", lines[20]);
        Assert.StartsWith("24\tgreat-wave\t24\tThe Great Wave off Kanagawa\tKatsushika Hokusai\tc. 1831\t", lines[25]);
    }

    [Fact]
    public void Style_names_are_unique_kebab_case()
    {
        var names = MagentaStyles.All().Select(s => s.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", n));
    }

    [Fact]
    public void Model_txt_starts_with_the_format_and_carries_provenance()
    {
        var files = ModelFiles.Build(MagentaImporter.Import(new SyntheticMagenta().Build()));
        string text = Encoding.UTF8.GetString(files.Single(f => f.Name == ModelFiles.ModelTxt).Bytes);

        Assert.StartsWith("format cin-model 1\n", text);
        Assert.Contains("\nname magenta\n", text);
        Assert.Contains("\nlicence Apache-2.0\n", text);
        Assert.Contains("\nstyles 26\n", text);
        Assert.Contains("ologe/canaree-music-player", text);
        Assert.Contains("app/src/main/assets/stylize_quantized.pb", text);
        Assert.Contains("77af3c8f7871d2e46d1aabf9256291d66f130180", text);
    }
}
