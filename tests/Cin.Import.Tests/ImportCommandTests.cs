namespace Cin.Import.Tests;

/// <summary>The command line as a user meets it: exit codes, one summary line, one error line, no partial output.</summary>
public sealed class ImportCommandTests
{
    private sealed record Result(int Exit, string Out, string Err)
    {
        public string SingleErrorLine()
        {
            string[] lines = Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"expected one error line, got:\n{Err}");
            return lines[0].TrimEnd('\r');
        }
    }

    private static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = ImportCommand.Run(args, stdout, stderr);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Imports_a_graph_and_prints_one_summary_line()
    {
        using var temp = new TempFolder();
        string input = temp.WriteFile("graph.pb", new SyntheticMagenta().Build());
        string output = temp.File("model");

        Result result = Run(input, output);

        Assert.Equal(0, result.Exit);
        Assert.Equal("", result.Err);
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains($"26 styles, 6 conv layers (1 residual blocks), {SyntheticMagenta.ExpectedWeightCount} weights", lines[0]);
        Assert.Equal(["model.txt", "norm.txt", "styles.tsv", "weights.bin"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Garbage_input_fails_with_one_line_naming_the_file_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var garbage = new byte[1000];
        new Random(42).NextBytes(garbage);
        string input = temp.WriteFile("stylize_quantized.pb", garbage);
        string output = temp.File("model");

        Result result = Run(input, output);

        Assert.NotEqual(0, result.Exit);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"cin-import: {input}: ", result.SingleErrorLine());
        Assert.Matches("protobuf at byte [0-9]+", result.SingleErrorLine());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_truncated_file_says_where_it_was_cut()
    {
        using var temp = new TempFolder();
        byte[] whole = new SyntheticMagenta().Build();
        string input = temp.WriteFile("stylize_quantized.pb", whole[..(whole.Length / 2)]);

        Result result = Run(input, temp.File("model"));

        Assert.Equal(1, result.Exit);
        Assert.Matches(@"^cin-import: .*stylize_quantized\.pb: truncated protobuf at byte \d+ \(length-delimited field of \d+ bytes runs past the end of the file\)$",
            result.SingleErrorLine());
    }

    [Fact]
    public void A_failed_import_leaves_an_existing_model_untouched()
    {
        using var temp = new TempFolder();
        string output = temp.File("model");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "model.txt"), "old");
        string input = temp.WriteFile("empty.pb", []);

        Result result = Run(input, output);

        Assert.Equal(1, result.Exit);
        Assert.Equal($"cin-import: {input}: the file is empty (0 bytes)", result.SingleErrorLine());
        Assert.Equal("old", File.ReadAllText(Path.Combine(output, "model.txt")));
        Assert.Single(Directory.GetFiles(output));
    }

    [Fact]
    public void A_missing_input_file_is_one_line_naming_it()
    {
        using var temp = new TempFolder();
        string input = temp.File("nowhere.pb");

        Result result = Run(input, temp.File("model"));

        Assert.Equal(1, result.Exit);
        Assert.Equal($"cin-import: {input}: no such file", result.SingleErrorLine());
    }

    [Fact]
    public void A_folder_given_as_input_is_one_line_naming_it()
    {
        using var temp = new TempFolder();

        Result result = Run(temp.Path, temp.File("model"));

        Assert.Equal(1, result.Exit);
        Assert.Equal($"cin-import: {temp.Path}: is a folder; expected the stylize_quantized.pb file", result.SingleErrorLine());
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_one_line_naming_it()
    {
        using var temp = new TempFolder();
        string input = temp.WriteFile("graph.pb", new SyntheticMagenta().Build());
        string output = temp.WriteFile("not-a-folder", [1]);

        Result result = Run(input, output);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith($"cin-import: {output}: cannot write the model: ", result.SingleErrorLine());
    }

    [Fact]
    public void Re_importing_over_an_existing_model_replaces_it_without_leftovers()
    {
        using var temp = new TempFolder();
        string input = temp.WriteFile("graph.pb", new SyntheticMagenta().Build());
        string output = temp.File("model");

        Assert.Equal(0, Run(input, output).Exit);
        byte[] first = File.ReadAllBytes(Path.Combine(output, "norm.txt"));
        Assert.Equal(0, Run(input, output).Exit);

        Assert.Equal(first, File.ReadAllBytes(Path.Combine(output, "norm.txt")));
        Assert.Equal(4, Directory.GetFiles(output).Length);
    }

    [Theory]
    [InlineData()]
    [InlineData("only-one")]
    [InlineData("a", "b", "c")]
    public void Wrong_argument_count_is_a_usage_error(params string[] args)
    {
        Result result = Run(args);
        Assert.Equal(2, result.Exit);
        Assert.Contains("usage: cin-import <stylize_quantized.pb> <output-folder>", result.SingleErrorLine());
    }

    [Fact]
    public void Help_prints_usage_and_succeeds()
    {
        Result result = Run("--help");
        Assert.Equal(0, result.Exit);
        Assert.StartsWith("usage: cin-import", result.Out);
    }
}
