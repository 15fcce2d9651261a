using Cin.Import.Magenta;
using Cin.Import.Model;
using Cin.Import.Output;

namespace Cin.Import;

/// <summary>
/// The command line: <c>cin-import &lt;stylize_quantized.pb&gt; &lt;output-folder&gt;</c>. Takes its writers as
/// parameters so that tests can run it in-process and read what it printed.
/// </summary>
internal static class ImportCommand
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    private const string Usage = "usage: cin-import <stylize_quantized.pb> <output-folder>";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["-h" or "--help"])
        {
            stdout.WriteLine(Usage);
            return Success;
        }
        if (args.Length != 2)
        {
            stderr.WriteLine($"cin-import: expected 2 arguments, got {args.Length}; {Usage}");
            return UsageError;
        }
        string input = args[0], output = args[1];

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(input);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"cin-import: {input}: no such file");
            return Failure;
        }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && Directory.Exists(input))
        {
            stderr.WriteLine($"cin-import: {input}: is a folder; expected the stylize_quantized.pb file");
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cin-import: {input}: cannot read: {OneLine(e.Message)}");
            return Failure;
        }

        ImportedModel model;
        IReadOnlyList<(string Name, byte[] Bytes)> files;
        try
        {
            model = MagentaImporter.Import(bytes);
            files = ModelFiles.Build(model);
        }
        catch (ModelImportException e)
        {
            stderr.WriteLine($"cin-import: {input}: {OneLine(e.Message)}");
            return Failure;
        }

        try
        {
            AtomicFolderWriter.Write(output, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cin-import: {output}: cannot write the model: {OneLine(e.Message)}");
            return Failure;
        }

        int convs = model.Convs.Count();
        int residuals = model.Blocks.OfType<ResidualBlock>().Count();
        stdout.WriteLine(
            $"cin-import: wrote {model.Name} to {output}: {model.Styles.Count} styles, {convs} conv layers " +
            $"({residuals} residual blocks), {model.WeightCount} weights");
        return Success;
    }

    /// <summary>Operating-system messages sometimes span lines; the contract is one line per error.</summary>
    private static string OneLine(string message) =>
        string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
