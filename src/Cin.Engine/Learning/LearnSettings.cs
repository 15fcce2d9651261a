namespace Cin.Engine.Learning;

/// <summary>How a style is learned. The defaults are the ones chosen by measurement (docs/learn/README.md).</summary>
/// <param name="Steps">Adam steps.</param>
/// <param name="Batch">Crops per step.</param>
/// <param name="Crop">The crops' side, in pixels (a size the loss network accepts: 0..3 mod 16).</param>
/// <param name="StyleSize">The painting's long side, in pixels, when its Grams are taken: the stroke scale.</param>
/// <param name="CalibrationCrops">Unstyled crops whose mean Gram error normalizes each style layer.</param>
public sealed record LearnSettings(
    int Steps = 300,
    int Batch = 4,
    int Crop = 128,
    int StyleSize = 256,
    double LearningRate = 1e-2,
    int CalibrationCrops = 64,
    int Seed = 12345)
{
    /// <summary>
    /// The model a style is learned on when none is named: paintings40, whose 128-channel residual blocks can take a
    /// painting's strokes and keep the photo; magenta's 32-channel blocks mostly move the palette and wash the photo
    /// out (docs/learn/README.md has the measurements).
    /// </summary>
    public const string DefaultModel = "paintings40";

    public LossWeights Weights { get; init; } = new();

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "At least one step.");
        if (Batch < 1) throw new ArgumentOutOfRangeException(nameof(Batch), Batch, "At least one crop per step.");
        if (Crop < 32 || Crop % 16 > 3) throw new ArgumentOutOfRangeException(nameof(Crop), Crop, "The crop must be at least 32 and 0..3 more than a multiple of 16.");
        if (StyleSize < 32) throw new ArgumentOutOfRangeException(nameof(StyleSize), StyleSize, "The style size must be at least 32.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        if (CalibrationCrops < 1) throw new ArgumentOutOfRangeException(nameof(CalibrationCrops), CalibrationCrops, "At least one calibration crop.");
        if (!(Weights.Style >= 0) || !(Weights.Content >= 0) || !(Weights.TotalVariation >= 0))
            throw new ArgumentOutOfRangeException(nameof(Weights), Weights, "Loss weights must be 0 or more.");
    }
}
