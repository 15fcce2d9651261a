using System.CommandLine;
using Cin.Engine.Learning;
using Cin.Engine.Network;

namespace Cin.Cli;

public static partial class CinCommand
{
    /// <summary>`cin learn PAINTING --name NAME --photos ...`: the options, and the call to <see cref="LearnService"/>.</summary>
    private static Command LearnCommand(IModelCatalog catalog, ILearningBackend? learning, TextWriter output, TextWriter error, CinConsole? console)
    {
        var defaults = new LearnSettings();
        var painting = new Argument<string>("painting") { Description = "The painting to learn (JPEG, PNG, WebP, BMP, TIFF or GIF)." };
        var name = new Option<string>("--name", "-n")
        {
            Description = "The new style's name: lower-case letters and digits joined by '-' (e.g. jolly-flatboatmen).",
            Required = true,
        };
        var photos = new Option<string[]>("--photos", "-p")
        {
            Description = "Photos to learn on: files, folders or patterns such as 'holiday/*.jpg'. 20 or more of varied scenes are recommended.",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var model = ModelOption(catalog);
        model.Description = $"The model whose convolutions the style uses. Default: {LearnService.DefaultModel}.";
        var steps = new Option<int?>("--steps")
        {
            Description = $"Optimizer steps. Default: {defaults.Steps}.",
            CustomParser = r => WholeNumber(r, "--steps", 1, 1_000_000),
        };
        var styleSize = new Option<int?>("--style-size")
        {
            Description = $"The painting's long side, in pixels, when its style is measured: smaller gives bigger strokes. Default: {defaults.StyleSize}.",
            CustomParser = r => WholeNumber(r, "--style-size", 32, 4096),
        };
        var styleWeight = new Option<double?>("--style-weight")
        {
            Description = $"How much the style counts against keeping the photo's content. Default: {defaults.Weights.Style}.",
            CustomParser = r => PositiveNumber(r, "--style-weight"),
        };
        var threads = new Option<int?>("--threads", "-t")
        {
            Description = "Threads. Default: all processors.",
            CustomParser = r => WholeNumber(r, "--threads", 1, 1024),
        };
        var outFile = new Option<string>("--out")
        {
            Description = "Where to save the style file. Default: the user's style folder, where 'cin styles' and --style find it.",
            HelpName = "file",
        };
        var preview = new Option<string>("--preview")
        {
            Description = "A photo to show the style on as it is learned: <photo>-<name>-preview.jpg beside it is rewritten every --preview-every steps.",
            HelpName = "photo",
        };
        var previewEvery = new Option<int?>("--preview-every")
        {
            Description = "Steps between previews. Default: 25.",
            CustomParser = r => WholeNumber(r, "--preview-every", 1, 1_000_000),
        };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its checkpoint (saved by Ctrl-C beside the style file)." };
        var force = new Option<bool>("--force", "-f") { Description = "Replace an existing style file of that name." };

        var command = new Command("learn", "Learn a new style from a painting: trains one gamma/beta row of a model on your photos, on the CPU.")
        {
            painting, name, photos, model, steps, styleSize, styleWeight, threads, outFile, preview, previewEvery, resume, force,
        };
        command.SetAction(parse => new LearnService(catalog, learning, output, error, console).Run(new LearnCommandRequest(
            parse.GetValue(painting)!, parse.GetValue(name)!, parse.GetValue(photos) ?? [])
        {
            Model = parse.GetValue(model),
            Steps = parse.GetValue(steps),
            StyleSize = parse.GetValue(styleSize),
            StyleWeight = parse.GetValue(styleWeight),
            Threads = parse.GetValue(threads),
            Out = parse.GetValue(outFile),
            Preview = parse.GetValue(preview),
            PreviewEvery = parse.GetValue(previewEvery) ?? 25,
            Resume = parse.GetValue(resume),
            Force = parse.GetValue(force),
        }));
        return command;
    }

    private static double PositiveNumber(System.CommandLine.Parsing.ArgumentResult result, string option)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < 0)
            result.AddError($"{option} takes a number, 0 or more; got '{text}'.");
        return value;
    }
}
