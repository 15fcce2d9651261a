using Cin.Import.Magenta;
using Cin.Import.Model;
using Cin.Import.Output;

namespace Cin.Import;

/// <summary>
/// The command line: <c>cin-import &lt;stylize_quantized.pb&gt; &lt;output-folder&gt;</c> imports the Magenta
/// generator network; <c>cin-import resnet18 ...</c> (<see cref="ResNetImportCommand"/>) the loss network. Takes
/// its writers as parameters so that tests can run it in-process and read what it printed.
/// </summary>
internal static class ImportCommand
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    private const string Usage = "usage: cin-import <stylize_quantized.pb> <output-folder>";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is [ResNetImportCommand.Name, .. var rest]) return ResNetImportCommand.Run(rest, stdout, stderr);
        if (args is ["-h" or "--help"])
        {
            stdout.WriteLine(Usage);
            stdout.WriteLine("       " + ResNetImportCommand.Usage["usage: ".Length..]);
            return Success;
        }
        if (args.Length != 2)
        {
            stderr.WriteLine($"cin-import: expected 2 arguments, got {args.Length}; {Usage}");
            return UsageError;
        }
        string input = args[0], output = args[1];

        byte[]? bytes = CommandFiles.TryRead(input, "the stylize_quantized.pb file", stderr);
        if (bytes is null) return Failure;

        ImportedModel model;
        IReadOnlyList<(string Name, byte[] Bytes)> files;
        try
        {
            model = MagentaImporter.Import(bytes);
            files = ModelFiles.Build(model);
        }
        catch (ModelImportException e)
        {
            stderr.WriteLine($"cin-import: {input}: {CommandFiles.OneLine(e.Message)}");
            return Failure;
        }

        if (!CommandFiles.TryWrite(output, files, stderr)) return Failure;

        int convs = model.Convs.Count();
        int residuals = model.Blocks.OfType<ResidualBlock>().Count();
        stdout.WriteLine(
            $"cin-import: wrote {model.Name} to {output}: {model.Styles.Count} styles, {convs} conv layers " +
            $"({residuals} residual blocks), {model.WeightCount} weights");
        return Success;
    }
}
