using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Cin.Engine.Imaging;

namespace Cin.Cli;

/// <summary>
/// The command-line surface: which options exist and which service each command calls. Parsing is
/// System.CommandLine's; the work is in <see cref="StylizeService"/> and <see cref="StylesService"/>.
/// </summary>
public static class CinCommand
{
    public static RootCommand Create(IModelCatalog catalog, TextWriter output, TextWriter error)
    {
        var input = new Argument<string>("input") { Description = "The photo to stylize (JPEG, PNG, WebP, BMP, TIFF or GIF)." };
        var outputOption = new Option<string>("--output", "-o")
        {
            Description = "Where to write the result; the extension picks the format (.jpg, .png, .webp, .bmp, .tif). " +
                          "Default: <input-name>-<style>.<ext> beside the input.",
        };
        var style = new Option<string>("--style", "-s")
        {
            Description = "A style name or alias (see 'cin styles'), or a blend: starry-night=0.7,great-wave=0.3.",
            Required = true,
        };
        var model = ModelOption(catalog);
        var quality = new Option<int>("--quality", "-q")
        {
            Description = "JPEG and WebP quality, 1-100.",
            DefaultValueFactory = _ => OutputFormat.DefaultQuality,
            CustomParser = r => WholeNumber(r, "--quality", 1, 100),
        };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the output if it exists." };
        // Nullable with no default factory, so help shows "one per processor" rather than this machine's count.
        var threads = new Option<int?>("--threads", "-t")
        {
            Description = "Worker threads. Default: one per processor.",
            CustomParser = r => WholeNumber(r, "--threads", 1, 1024),
        };

        var root = new RootCommand("Stylize a photo with a painting's style (conditional instance normalization).")
        {
            input, outputOption, style, model, quality, force, threads,
        };
        root.SetAction(parse => new StylizeService(catalog, output, error).Run(new StylizeRequest(
            parse.GetValue(input)!,
            parse.GetValue(outputOption),
            parse.GetValue(style)!,
            parse.GetValue(model),
            parse.GetValue(quality),
            parse.GetValue(force),
            parse.GetValue(threads) ?? Environment.ProcessorCount)));

        var stylesModel = ModelOption(catalog);
        var styles = new Command("styles", "List a model's styles: index, name, aliases and title.") { stylesModel };
        styles.SetAction(parse => new StylesService(catalog, output, error).Run(parse.GetValue(stylesModel)));
        root.Subcommands.Add(styles);

        foreach (var option in root.Options)
            if (option is VersionOption version) version.Action = new VersionAction();
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. Parse errors are reported like every other error, one "cin: ..." line each,
    /// with exit code 2; System.CommandLine's own handler would print the whole help text and exit with 1.
    /// </summary>
    public static int Run(string[] args, IModelCatalog catalog, TextWriter output, TextWriter error)
    {
        var root = Create(catalog, output, error);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(configuration);
            return ExitCodes.Usage;
        }
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var e in parse.Errors) error.WriteLine($"cin: {e.Message}");
            error.WriteLine("Run 'cin --help' for usage.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(configuration);
    }

    private static Option<string> ModelOption(IModelCatalog catalog) => new("--model", "-m")
    {
        Description = $"The model. Default: {catalog.DefaultModel}.",
        HelpName = "name",
    };

    /// <summary>
    /// Parses a whole number in [min, max]. System.CommandLine's own int conversion would word a mistake as
    /// "... as expected type 'System.Nullable`1[System.Int32]'"; this says what the user should type instead.
    /// </summary>
    private static int WholeNumber(ArgumentResult result, string option, int min, int max)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            result.AddError($"{option} takes a whole number; got '{text}'.");
        else if (value < min || value > max)
            result.AddError($"{option} must be between {min} and {max}; got {value}.");
        return value;
    }
}
