using System.Text.RegularExpressions;
using Cin.Import.Features;
using Cin.Import.Output;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// <c>cin-import resnet18</c> as a user meets it: one summary line and two files, or one error line that names the
/// bad file, a non-zero exit and no output folder.
/// </summary>
public sealed class ResNetImportCommandTests
{
    private sealed record Result(int Exit, string Out, string Err)
    {
        public string SingleErrorLine()
        {
            string[] lines = Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"expected one error line, got:\n{Err}");
            Assert.Equal("", Out);
            return lines[0];
        }
    }

    private static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = ImportCommand.Run(["resnet18", .. args], stdout, stderr);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Imports_the_package_into_model_txt_and_weights_bin()
    {
        ResNetPackage package = ResNetPackage.GetOrSkip();
        using var temp = new TempFolder();
        string output = temp.File("resnet18-trunk");

        Result result = Run(PackagePaths.ResNet18Onnx, PackagePaths.ResNetPreprocessOnnx, output);

        Assert.Equal(0, result.Exit);
        Assert.Equal("", result.Err);
        Assert.Equal(
            $"cin-import: wrote resnet18-trunk to {output}: 15 conv layers (6 residual blocks), taps relu1, layer1, layer2, layer3, 2780544 float32 weights\n",
            result.Out.Replace("\r", ""));
        // What the command wrote is what the in-memory build gives: the tests that read the build check the folder.
        foreach (var (name, bytes) in FeatureModelFiles.Build(package.Imported, WeightStorage.Float32))
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(output, name)));
        Assert.Equal(["model.txt", "weights.bin"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2_780_544 * 4, new FileInfo(Path.Combine(output, "weights.bin")).Length);
    }

    [Fact]
    public void Truncated_network_is_one_line_naming_it()
    {
        byte[] network = File.ReadAllBytes(PackagePaths.OrSkip(PackagePaths.ResNet18Onnx));
        using var temp = new TempFolder();
        string input = temp.WriteFile("ResNet18.onnx", network[..(network.Length / 2)]);
        string output = temp.File("out");

        Result result = Run(input, PackagePaths.ResNetPreprocessOnnx, output);

        Assert.Equal(1, result.Exit);
        Assert.Matches($"^cin-import: {Regex.Escape(input)}: truncated protobuf at byte [0-9]+ \\(.*\\)$", result.SingleErrorLine());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Files_given_the_wrong_way_round_fail_on_the_first()
    {
        PackagePaths.OrSkip(PackagePaths.ResNet18Onnx);
        using var temp = new TempFolder();
        string output = temp.File("out");

        Result result = Run(PackagePaths.ResNetPreprocessOnnx, PackagePaths.ResNet18Onnx, output);

        Assert.Equal(1, result.Exit);
        Assert.Equal(
            $"cin-import: {PackagePaths.ResNetPreprocessOnnx}: expected one Conv (the stem convolution) reading 'OriginalInput', found Split -> 'RInp'",
            result.SingleErrorLine());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Network_given_as_the_preprocessing_fails_on_the_second()
    {
        PackagePaths.OrSkip(PackagePaths.ResNet18Onnx);
        using var temp = new TempFolder();

        Result result = Run(PackagePaths.ResNet18Onnx, PackagePaths.ResNet18Onnx, temp.File("out"));

        Assert.Equal(1, result.Exit);
        Assert.Equal(
            $"cin-import: {PackagePaths.ResNet18Onnx}: the preprocessing graph has nodes [Conv, BatchNormalization, Relu, MaxPool, ... (74 nodes)], expected [Split, Concat, Sub]",
            result.SingleErrorLine());
    }

    public static TheoryData<string, byte[], string> BadNetworks => new()
    {
        { "empty", [], "the file is empty (0 bytes)" },
        { "no graph", new ProtoWriter().Varint(1, 3).ToArray(), "not an ONNX model (no graph in the ModelProto)" },
        { "not protobuf", [0x08, 0x03, 0x0F], "invalid protobuf at byte 2 (wire type 7 does not exist)" },
        { "stem and pool only", OnnxBuilder.StemOnly().Build(), "stage 1 of the ResNet has no blocks after 'p'" },
        { "short tensor", OnnxBuilder.StemOnly(weightValues: 5).Build(), "tensor 'w' has 20 bytes of raw_data for shape [2, 3, 1, 1], expected 24" },
    };

    [Theory]
    [MemberData(nameof(BadNetworks))]
    public void Bad_network_file_is_one_line_naming_it(string what, byte[] bytes, string expected)
    {
        using var temp = new TempFolder();
        string input = temp.WriteFile(what.Replace(' ', '-') + ".onnx", bytes);
        string preprocess = temp.WriteFile("ResNetPreprocess.onnx", []);

        Result result = Run(input, preprocess, temp.File("out"));

        Assert.Equal(1, result.Exit);
        Assert.StartsWith($"cin-import: {input}: {expected}", result.SingleErrorLine());
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Theory]
    [InlineData()]
    [InlineData("a.onnx", "b")]
    [InlineData("a", "b", "c", "d")]
    public void Wrong_argument_count_is_a_usage_error(params string[] args)
    {
        Result result = Run(args);
        Assert.Equal(2, result.Exit);
        Assert.EndsWith(ResNetImportCommand.Usage, result.SingleErrorLine());
    }

    [Fact]
    public void Missing_file_is_one_line()
    {
        using var temp = new TempFolder();
        string missing = temp.File("ResNet18.onnx");
        Result result = Run(missing, missing, temp.File("out"));
        Assert.Equal(1, result.Exit);
        Assert.Equal($"cin-import: {missing}: no such file", result.SingleErrorLine());
    }
}
