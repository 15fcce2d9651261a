using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Cin.Engine.Batch;
using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using Cin.Engine.Learning;
using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.Cli;

/// <summary>
/// The command-line surface: which options exist and which service each command calls. Parsing is
/// System.CommandLine's; the work is in <see cref="StylizeService"/> and <see cref="StylesService"/>.
/// </summary>
public static partial class CinCommand
{
    /// <param name="styleFolder">Where learned styles are read from; null for the user's style folder (<see cref="UserStyleFolder"/>).</param>
    public static RootCommand Create(IModelCatalog catalog, TextWriter output, TextWriter error, CinConsole? console = null,
        ILearningBackend? learning = null, string? styleFolder = null)
    {
        // The built-in models with the learned styles of the style folder after their own, read only by the commands
        // that name or list styles (not by --help, --version or cin learn, which saves there).
        var styled = new Lazy<LearnedStyleCatalog>(() => catalog as LearnedStyleCatalog
            ?? new LearnedStyleCatalog(catalog, LearnedStyleLibrary.Load(styleFolder ?? UserStyleFolder.Path)));
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Photos to stylize (JPEG, PNG, WebP, BMP, TIFF or GIF): files, folders, or patterns such as 'shoot/*.jpg'.",
            Arity = ArgumentArity.OneOrMore,
        };
        // System.CommandLine would take an unknown option ("--colour") as one more input; say what it is instead.
        inputs.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                    result.AddError($"Unrecognized option '{token.Value}'.");
        });
        var outputOption = new Option<string>("--output", "-o")
        {
            Description = "Where results go. With one photo, a file whose extension picks the format (.jpg, .png, .webp, .bmp, .tif). " +
                          "With several, a folder (created if needed). Default: beside each input, named <name>-<style>.<ext>.",
        };
        var style = new Option<string>("--style", "-s")
        {
            Description = "A style name or alias, built-in or learned (see 'cin styles'), or a blend: starry-night=0.7,great-wave=0.3. " +
                          "The style is found in whichever model has it (the default model's built-in names first); --model narrows the search. " +
                          "A blend takes styles of one model.",
        };
        var styleFile = new Option<string>("--style-file")
        {
            Description = "Use a style file (made by 'cin learn') directly, on the model it was learned for. Alone, it is the style; " +
                          "with --style, a blend may name it with that model's other styles: --style-file mine.cinstyle -s mine=0.6,starry-night=0.4.",
            HelpName = "file",
        };
        var model = ModelOption(catalog);
        model.Description = $"The model, where --style looks for its names. Default: whichever model has them ({catalog.DefaultModel} for its own built-in names).";
        var name = new Option<string>("--name")
        {
            Description = "Output file names, from {name} (the input's), {style}, {model} and {ext} (the input's, or png). Default: {name}-{style}.{ext}. " +
                          "A fixed extension converts: '{name}.jpg'.",
            HelpName = "pattern",
        };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include the subfolders of folder inputs; their structure is mirrored under -o." };
        var skipExisting = new Option<bool>("--skip-existing") { Description = "Leave photos whose output exists alone, so an interrupted run can be resumed." };
        var shard = new Option<Shard?>("--shard")
        {
            Description = "Stylize only part I of N (0 to N-1) of the inputs, chosen by a stable hash of each input's path, so N machines " +
                          "can share one folder; auto/N reads I from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID. See docs/scale-out.md.",
            HelpName = "I/N",
            CustomParser = ShardArgument,
        };
        var strength = new Option<float>("--strength")
        {
            Description = "How much of the style to apply, 0..1 (blended with the photo in the perceptual Oklab space).",
            DefaultValueFactory = _ => 1f,
            CustomParser = r => Fraction(r, "--strength"),
        };
        var keepColors = new Option<string?>(KeepColorsName)
        {
            Description = "Keep the photo's colours: 'luminance' (default; the style's light and shade, the photo's colour at every pixel) " +
                          "or 'histogram' (the style's colour texture, remapped to the photo's palette).",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "luminance|histogram",
        };
        keepColors.AcceptOnlyFromAmong("luminance", "histogram");
        var workSize = new Option<int?>("--work-size")
        {
            Description = "Run the network with the photo's long side at this many pixels, then resize the result back: smaller gives " +
                          "bigger brush strokes (and is faster). Default: the photo's own size.",
            HelpName = "pixels",
            CustomParser = r => WholeNumber(r, "--work-size", 16, 65535),
        };
        var maxPixels = new Option<long?>("--max-pixels")
        {
            Description = "Refuse photos with more pixels than this (e.g. 40000000, 40M or 8000x5000): a guard against decompression bombs, " +
                          "not a memory limit (that is --max-memory). Default: what fits in this machine's memory.",
            HelpName = "pixels",
            CustomParser = PixelCount,
        };
        var maxMemory = new Option<long?>("--max-memory")
        {
            Description = "The memory one photo may use, e.g. 1G, 1500M or 800k (K, M, G are 1024-based: 1G is 1 GiB) or bytes. " +
                          "A photo that does not fit runs in bands of rows, spilling to --temp-dir, with the same result. " +
                          "Default: the share of this machine's memory budgeted per photo.",
            HelpName = "size",
            CustomParser = MemorySize,
        };
        var tempDir = new Option<string?>("--temp-dir")
        {
            Description = "An existing folder for the files a banded run spills (deleted when each photo is done). Default: the system's temporary folder.",
            HelpName = "folder",
        };
        var quality = new Option<int>("--quality", "-q")
        {
            Description = "JPEG and WebP quality, 1-100.",
            DefaultValueFactory = _ => OutputFormat.DefaultQuality,
            CustomParser = r => WholeNumber(r, "--quality", 1, 100),
        };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite outputs that exist." };
        var stripMetadata = new Option<bool>("--strip-metadata") { Description = "Write no EXIF, IPTC or XMP (by default they are kept, orientation reset)." };
        var jobs = new Option<int?>("--jobs", "-j")
        {
            Description = "Photos stylized at the same time. Default: one per processor when there are several photos.",
            CustomParser = r => WholeNumber(r, "--jobs", 1, 256),
        };
        // Nullable with no default factory, so help shows the rule rather than this machine's count.
        var threads = new Option<int?>("--threads", "-t")
        {
            Description = "Threads inside each photo. Default: all processors for one photo, processors / jobs for several.",
            CustomParser = r => WholeNumber(r, "--threads", 1, 1024),
        };

        var (temporal, ffmpeg, keepPartial) = VideoOptions();
        var root = new RootCommand("Stylize photos with a painting's style (conditional instance normalization).")
        {
            inputs, outputOption, style, styleFile, model, name, recursive, skipExisting, shard, strength, keepColors, workSize, maxPixels,
            maxMemory, tempDir, quality, force, stripMetadata, jobs, threads, temporal, ffmpeg, keepPartial,
        };
        root.SetAction(parse => Route(parse, new StylizeRequest(
            parse.GetValue(inputs)!,
            parse.GetValue(outputOption),
            parse.GetValue(style) ?? "",
            parse.GetValue(model),
            parse.GetValue(quality),
            parse.GetValue(force),
            parse.GetValue(threads))
        {
            StyleFile = parse.GetValue(styleFile),
            Jobs = parse.GetValue(jobs),
            NamePattern = parse.GetValue(name),
            Recursive = parse.GetValue(recursive),
            SkipExisting = parse.GetValue(skipExisting),
            Shard = parse.GetValue(shard),
            Strength = parse.GetValue(strength),
            KeepColors = parse.GetResult(keepColors) is null ? ColorKeeping.Off
                : parse.GetValue(keepColors) == "histogram" ? ColorKeeping.Histogram : ColorKeeping.Luminance,
            WorkSize = parse.GetValue(workSize),
            MaxPixels = parse.GetValue(maxPixels),
            MaxMemoryBytes = parse.GetValue(maxMemory),
            TempDirectory = parse.GetValue(tempDir),
            KeepMetadata = !parse.GetValue(stripMetadata),
        }));
        int Route(ParseResult parse, StylizeRequest request) => VideoService.Handles(request)
            ? new VideoService(styled.Value, output, error, console).Run(request,
                new VideoRequest(ParseTemporal(parse.GetValue(temporal)), parse.GetValue(ffmpeg), parse.GetValue(keepPartial)))
            : new StylizeService(styled.Value, output, error, console).Run(request);

        var stylesModel = ModelOption(catalog);
        stylesModel.Description = "List only this model's styles (and draw this model's on --sheet). Default: every model's; the sheet, " +
                                  $"{catalog.DefaultModel}'s.";
        var sheet = new Option<string>("--sheet")
        {
            Description = "Write a contact sheet instead of the list: the photo in every style, labelled (.jpg, .png, ...).",
            HelpName = "file",
        };
        var photo = new Option<string>("--photo")
        {
            Description = "The photo for --sheet. Default: a built-in landscape.",
            HelpName = "file",
        };
        var tile = new Option<int>("--tile-size")
        {
            Description = "The long side of each picture on the sheet, in pixels.",
            DefaultValueFactory = _ => 256,
            CustomParser = r => WholeNumber(r, "--tile-size", 64, 2048),
        };
        var sheetForce = new Option<bool>("--force", "-f") { Description = "Overwrite the sheet if it exists." };
        var sheetThreads = new Option<int?>("--threads", "-t")
        {
            Description = "Worker threads. Default: one per processor.",
            CustomParser = r => WholeNumber(r, "--threads", 1, 1024),
        };
        var styles = new Command("styles", "List the styles, built-in and learned, of every model: index, name, aliases, model, origin (built-in, or the " +
                                           "style file) and title; or draw one model's on a contact sheet.")
        {
            stylesModel, sheet, photo, tile, sheetForce, sheetThreads,
        };
        styles.SetAction(parse => new StylesService(styled.Value, output, error).Run(parse.GetValue(stylesModel), new SheetRequest(
            parse.GetValue(sheet), parse.GetValue(photo), parse.GetValue(tile), parse.GetValue(sheetForce),
            parse.GetValue(sheetThreads) ?? Environment.ProcessorCount)));
        root.Subcommands.Add(styles);
        root.Subcommands.Add(LearnCommand(catalog, learning, output, error, console));

        foreach (var option in root.Options)
            if (option is VersionOption version) version.Action = new VersionAction();
        return root;
    }

    private const string KeepColorsName = "--keep-colors";

    /// <summary>
    /// Parses and runs a command line. Parse errors are reported like every other error, one "cin: ..." line each,
    /// with exit code 2; System.CommandLine's own handler would print the whole help text and exit with 1.
    /// </summary>
    public static int Run(string[] args, IModelCatalog catalog, TextWriter output, TextWriter error, CinConsole? console = null,
        ILearningBackend? learning = null, string? styleFolder = null)
    {
        var root = Create(catalog, output, error, console, learning, styleFolder);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(configuration);
            return ExitCodes.Usage;
        }
        ParseResult parse = root.Parse(BareKeepColors(args));
        if (parse.Action is ParseErrorAction)
        {
            foreach (var e in parse.Errors) error.WriteLine($"cin: {e.Message}");
            error.WriteLine("Run 'cin --help' for usage.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(configuration);
    }

    /// <summary>
    /// "--keep-colors" takes an optional value, and System.CommandLine gives an option with an optional value the
    /// next token whatever it is: "--keep-colors photo.jpg" would read "photo.jpg" as the method. So a bare
    /// --keep-colors not followed by one of its values gets its default spelled out before parsing.
    /// </summary>
    internal static string[] BareKeepColors(string[] args)
    {
        var result = new List<string>(args.Length + 1);
        for (int i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (args[i] == "--") { result.AddRange(args[(i + 1)..]); break; }
            if (args[i] == KeepColorsName && (i + 1 >= args.Length || args[i + 1] is not ("luminance" or "histogram")))
                result.Add("luminance");
        }
        return result.ToArray();
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

    private static float Fraction(ArgumentResult result, string option)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            result.AddError($"{option} takes a number from 0 to 1; got '{text}'.");
        else if (value < 0 || value > 1)
            result.AddError($"{option} must be between 0 and 1; got {text}.");
        return value;
    }

    private static Shard? ShardArgument(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return Shard.Parse(text, Environment.GetEnvironmentVariable);
        }
        catch (FormatException e)
        {
            result.AddError($"--shard: {e.Message}.");
            return null;
        }
    }

    /// <summary>A size in bytes, by the rules both front ends share (<see cref="ByteSize"/>).</summary>
    private static long? MemorySize(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (ByteSize.TryParse(text, out long bytes)) return bytes;
        result.AddError($"--max-memory takes a size such as {ByteSize.Examples} (K, M, G are 1024-based); got '{text}'.");
        return null;
    }

    /// <summary>A pixel count: 40000000, 40M (or 40MP), 0.5G, or a size such as 8000x5000.</summary>
    private static long? PixelCount(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : "";
        if (TryPixelCount(text, out long pixels) && pixels >= 1) return pixels;
        result.AddError($"--max-pixels takes a pixel count such as 40000000, 40M or 8000x5000; got '{text}'.");
        return null;
    }

    internal static bool TryPixelCount(string text, out long pixels)
    {
        pixels = 0;
        var culture = CultureInfo.InvariantCulture;
        int x = text.IndexOfAny(['x', 'X']);
        if (x > 0)
        {
            if (!long.TryParse(text[..x], NumberStyles.None, culture, out long w) || !long.TryParse(text[(x + 1)..], NumberStyles.None, culture, out long h)) return false;
            if (w > int.MaxValue || h > int.MaxValue) return false;
            pixels = w * h;
            return true;
        }
        string number = text.EndsWith("MP", StringComparison.OrdinalIgnoreCase) ? text[..^1] : text;
        double scale = 1;
        if (number.Length > 0 && char.ToUpperInvariant(number[^1]) is 'K' or 'M' or 'G')
        {
            scale = char.ToUpperInvariant(number[^1]) switch { 'K' => 1e3, 'M' => 1e6, _ => 1e9 };
            number = number[..^1];
        }
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, culture, out double value) || value * scale > 1e15) return false;
        pixels = (long)Math.Round(value * scale);
        return true;
    }
}
