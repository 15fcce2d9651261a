using System.Diagnostics;
using Cin.Engine;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Photos;

namespace Cin.Cli;

/// <summary>
/// The main job, `cin photo.jpg -o out.jpg --style starry-night`, independent of the command-line parser: it reads
/// the photo, stylizes it and writes the result, reporting on the writers it is given.
/// </summary>
public sealed class StylizeService(IModelCatalog catalog, TextWriter output, TextWriter error)
{
    public int Run(StylizeRequest request) =>
        ErrorReporting.Run(error, () => Stylize(request));

    private int Stylize(StylizeRequest request)
    {
        var stopwatch = Stopwatch.StartNew();
        ModelInfo model = ModelLookup.Find(catalog, request.Model);
        float[] weights = ParseStyle(request.Style, model);
        string outputPath = request.Output ?? DefaultOutputPath.For(request.Input, model, weights);

        var options = new PhotoOptions(request.Quality, request.Force, request.Threads);
        // Fail on a bad output path before the slow part (loading and packing the model).
        PhotoStylizer.CheckDestination(outputPath, options);
        StyleNetwork network = catalog.Load(model.Name);
        PhotoResult result = PhotoStylizer.StylizeFile(request.Input, outputPath, network, network.Style(weights), options);

        output.WriteLine($"{outputPath}: {result.Width}x{result.Height}, style {request.Style}, {stopwatch.Elapsed.TotalSeconds:0.00} s");
        return ExitCodes.Success;
    }

    private static float[] ParseStyle(string style, ModelInfo model)
    {
        try
        {
            return StyleSelector.Parse(style, model);
        }
        catch (StyleSelectionException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
