using Cin.Import.Features;
using Cin.Import.Output;
using Cin.Import.ResNet;

namespace Cin.Import;

/// <summary>
/// <c>cin-import resnet18 &lt;ResNet18.onnx&gt; &lt;ResNetPreprocess.onnx&gt; &lt;output-folder&gt;</c>: the loss
/// network (issue 14) from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, written as a
/// cin-features folder (styles/README.md).
/// </summary>
internal static class ResNetImportCommand
{
    public const string Name = "resnet18";
    public const string Usage = "usage: cin-import resnet18 <ResNet18.onnx> <ResNetPreprocess.onnx> <output-folder>";

    /// <summary>
    /// float32. Rounding the folded weights to float16 moves the taps by 2e-4 (relu1) to 6e-4 (layer3) of their largest
    /// value, beyond the 1e-4 that issue 14 holds the loss network to (ResNetOnnxRuntimeTests measures it); float16
    /// would save 5.6 MB of the 11.1 MB.
    /// </summary>
    public const WeightStorage Storage = WeightStorage.Float32;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["-h" or "--help"])
        {
            stdout.WriteLine(Usage);
            return ImportCommand.Success;
        }
        if (args.Length != 3)
        {
            stderr.WriteLine($"cin-import: resnet18 expects 3 arguments, got {args.Length}; {Usage}");
            return ImportCommand.UsageError;
        }
        string networkPath = args[0], preprocessPath = args[1], output = args[2];

        byte[]? network = CommandFiles.TryRead(networkPath, "the ResNet18.onnx file", stderr);
        if (network is null) return ImportCommand.Failure;
        byte[]? preprocess = CommandFiles.TryRead(preprocessPath, "the ResNetPreprocess.onnx file", stderr);
        if (preprocess is null) return ImportCommand.Failure;

        IReadOnlyList<FeatureStatement>? trunk = Try(networkPath, stderr, () => ResNetImporter.ReadTrunk(network));
        if (trunk is null) return ImportCommand.Failure;
        FeatureInput? input = Try(preprocessPath, stderr, () => ResNetImporter.ReadInput(preprocess));
        if (input is null) return ImportCommand.Failure;

        FeatureNetwork model = ResNetImporter.Assemble(trunk, input, network, preprocess);
        if (!CommandFiles.TryWrite(output, FeatureModelFiles.Build(model, Storage), stderr)) return ImportCommand.Failure;

        int blocks = model.Statements.OfType<BlockStatement>().Count();
        stdout.WriteLine(
            $"cin-import: wrote {model.Name} to {output}: {model.Convs.Count()} conv layers ({blocks} residual blocks), " +
            $"taps {string.Join(", ", model.Taps.Select(t => t.Name))}, {model.ValueCount} {Storage.ToModelText()} weights");
        return ImportCommand.Success;
    }

    private static T? Try<T>(string path, TextWriter stderr, Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (ModelImportException e)
        {
            stderr.WriteLine($"cin-import: {path}: {CommandFiles.OneLine(e.Message)}");
            return null;
        }
    }
}
