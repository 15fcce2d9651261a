using System.Security.Cryptography;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.Engine.Learning;

/// <summary>What to learn: a painting, the new style's name, the photos to learn it on, and how.</summary>
public sealed record LearnRequest(string Painting, string Name, IReadOnlyList<string> Photos, LearnSettings Settings);

/// <summary>
/// One <c>cin learn</c> run, for any front end: reads the painting and photos, computes the painting's Grams once and
/// calibrates the style layers on unstyled crops, starts the row from the mean of the model's rows (or from a
/// checkpoint), and then takes steps as the caller asks, so the caller decides about progress, previews and
/// interruptions. At the end, <see cref="Result"/> is the style to save.
/// </summary>
public sealed class LearnSession
{
    private readonly StyleNetwork _network;
    private readonly StyleLearner _learner;
    private readonly LearnRequest _request;
    private readonly string _paintingSha256;
    private readonly Queue<LossParts> _recent = new();

    private LearnSession(StyleNetwork network, StyleLearner learner, LearnRequest request, string paintingSha256, int photos)
    {
        _network = network;
        _learner = learner;
        _request = request;
        _paintingSha256 = paintingSha256;
        PhotoCount = photos;
    }

    /// <summary>Steps taken, counting those before a resume.</summary>
    public int Step => _learner.Optimizer.Step;
    public int TotalSteps => _request.Settings.Steps;
    public int PhotoCount { get; }
    public bool Finished => Step >= TotalSteps;

    /// <summary>The mean of the last steps' losses (the last tenth of the run, at least one step): what a style file records.</summary>
    public LossParts? RecentLosses => _recent.Count == 0 ? null : new LossParts(
        _recent.Average(p => p.Total), _recent.Average(p => p.Content), _recent.Average(p => p.Style), _recent.Average(p => p.TotalVariation),
        Enumerable.Range(0, LossTaps.Count).Select(k => _recent.Average(p => p.StylePerLayer[k])).ToArray());

    /// <summary>
    /// Prepares a run. Photos that cannot be read or are too small for a crop are left out, each with one line to
    /// <paramref name="note"/>; none left is an <see cref="ArgumentException"/> whose message says what to pass.
    /// </summary>
    public static LearnSession Start(LearnRequest request, StyleNetwork network, ILearningBackend backend, int threads,
        LearnCheckpoint? resume, Action<string> note, CancellationToken cancellation = default)
    {
        var settings = request.Settings;
        settings.Validate();
        if (!StyleNames.IsValid(request.Name))
            throw new ArgumentException($"'{request.Name}' is not a style name: use lower-case letters and digits joined by '-' (at most {StyleNames.MaxLength}).");
        var lossNetwork = backend.LossNetwork;
        // Read as an image first, so that a missing or broken painting gets the image reader's one-line error.
        var painting = Painting(request.Painting, settings.StyleSize, lossNetwork);
        string paintingSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(request.Painting)));
        var photos = Photos(request.Photos, settings.Crop, note, cancellation);
        if (photos.Count == 0)
            throw new ArgumentException($"none of the photos could be used: give --photos files, folders or patterns of photos at least {settings.Crop} px on the short side (20 or more recommended)");

        var sampler = new CropSampler(photos, settings.Crop, settings.Seed);
        var calibration = new CropSampler(photos, settings.Crop, settings.Seed + 1);
        var target = StyleLearner.Target(painting, lossNetwork, calibration, settings.CalibrationCrops, threads);
        var row = StyleRow.MeanOf(network);
        var optimizer = new AdamOptimizer(row.Values.Length, settings.LearningRate);
        if (resume is not null)
        {
            CheckResume(resume, request, network, paintingSha);
            resume.Row.CopyTo(row.Values, 0);
            optimizer.Restore(resume.Step, resume.FirstMoment, resume.SecondMoment);
            sampler.Skip(resume.Draws);
        }
        var learner = new StyleLearner(backend.Trainer(network), lossNetwork, new PerceptualLoss(target, settings.Weights), sampler, row,
            optimizer, settings.Batch, threads);
        return new LearnSession(network, learner, request, paintingSha, photos.Count);
    }

    /// <summary>One step; returns its losses.</summary>
    public LossParts RunStep()
    {
        var parts = _learner.Step();
        _recent.Enqueue(parts);
        while (_recent.Count > Math.Max(1, TotalSteps / 10)) _recent.Dequeue();
        return parts;
    }

    /// <summary>The photo in the style as it stands (for --preview).</summary>
    public FeatureMap Preview(FeatureMap photo, int threads) => Stylizer.Stylize(photo, _network, _learner.Row.ToStyle(), threads);

    /// <summary>Where the run stands, to resume it later.</summary>
    public LearnCheckpoint Checkpoint() => new(_request.Name, _network.Info.Name, _network.Info.WeightsSha256, _paintingSha256,
        LearnCheckpoint.SettingsKey(_request.Settings), Step, _learner.Sampler.Draws, _learner.Row.Values.ToArray(),
        _learner.Optimizer.FirstMoment.ToArray(), _learner.Optimizer.SecondMoment.ToArray());

    /// <summary>The learned style, with its provenance.</summary>
    public LearnedStyle Result()
    {
        var losses = RecentLosses ?? throw new InvalidOperationException("No step has been taken.");
        var norms = LearnedStyleBinding.NormLayers(_network)
            .Select((layer, i) => new NormRow(layer.Name, _learner.Row.Gamma(i).ToArray(), _learner.Row.Beta(i).ToArray()))
            .ToList();
        return new LearnedStyle(_request.Name, _network.Info.Name, _network.Info.WeightsSha256,
            new PaintingSource(Path.GetFileName(_request.Painting), _paintingSha256), Step,
            new StyleLosses(losses.Style, losses.Content, losses.TotalVariation), norms);
    }

    private static void CheckResume(LearnCheckpoint resume, LearnRequest request, StyleNetwork network, string paintingSha)
    {
        string Mismatch(string what) => $"the checkpoint is for {what}; start again without --resume";
        if (resume.Name != request.Name) throw new ArgumentException(Mismatch($"style '{resume.Name}'"));
        if (!string.Equals(resume.Model, network.Info.Name, StringComparison.OrdinalIgnoreCase) || resume.ModelFingerprint != network.Info.WeightsSha256)
            throw new ArgumentException(Mismatch($"model '{resume.Model}' with other weights"));
        if (resume.PaintingSha256 != paintingSha) throw new ArgumentException(Mismatch("another painting (its SHA-256 differs)"));
        if (resume.Settings != LearnCheckpoint.SettingsKey(request.Settings)) throw new ArgumentException(Mismatch($"other settings ({resume.Settings})"));
        if (resume.Row.Length != StyleRow.MeanOf(network).Values.Length) throw new ArgumentException(Mismatch("another shape of row"));
        if (resume.Step > request.Settings.Steps) throw new ArgumentException($"the checkpoint is at step {resume.Step}, past --steps {request.Settings.Steps}");
    }

    /// <summary>
    /// An image as an sRGB map, shrunk to <paramref name="longSide"/> on its long side if it is larger (never enlarged):
    /// the painting, and the photo a front end previews the style on.
    /// </summary>
    public static FeatureMap ReadAtMost(string path, int longSide)
    {
        var rgb = Read(path);
        if (Math.Max(rgb.Width, rgb.Height) <= longSide) return rgb;
        var (w, h) = Resampling.Fit(rgb.Width, rgb.Height, longSide);
        return Resampling.Resize(rgb, w, h);
    }

    /// <summary>An image as an sRGB map; its decoded pixels are released at once.</summary>
    private static FeatureMap Read(string path)
    {
        using var image = ImageReader.Read(path, new ImageReadOptions(MemoryBudget.DefaultMaxPixels(), KeepMetadata: false));
        return image.Rgb;
    }

    /// <summary>
    /// The painting at <paramref name="styleSize"/> on its long side (never enlarged), centre-cropped to the nearest
    /// size the loss network accepts, as the trainer's StyleTargets.from_images does.
    /// </summary>
    internal static FeatureMap Painting(string path, int styleSize, ILossNetwork lossNetwork)
    {
        var rgb = ReadAtMost(path, styleSize);
        // The loss network's rule is per side (0..3 more than a multiple of 16), so each side is fitted on its own:
        // fitting the height against the uncropped width found no height at all when the width was not accepted.
        int height = AcceptedSide(rgb.Height, lossNetwork), width = AcceptedSide(rgb.Width, lossNetwork);
        if (height < 32 || width < 32)
            throw new ImageFileException(path, ImageFileError.Corrupt, $"is {rgb.Width}x{rgb.Height}; a painting must be at least 32 px on each side");
        if (height == rgb.Height && width == rgb.Width) return rgb;
        int top = (rgb.Height - height) / 2, left = (rgb.Width - width) / 2;
        var cropped = new FeatureMap(height, width, 3);
        for (int y = 0; y < height; y++) rgb.Row(top + y).Slice(left * 3, width * 3).CopyTo(cropped.Row(y));
        return cropped;
    }

    private static int AcceptedSide(int side, ILossNetwork lossNetwork)
    {
        while (side > 0 && !lossNetwork.Accepts(side, side)) side--;
        return side;
    }

    /// <summary>Each photo scaled to <see cref="PhotoScale.ShortSide"/> (never enlarged); unusable ones are noted and left out.</summary>
    internal static List<FeatureMap> Photos(IReadOnlyList<string> files, int crop, Action<string> note, CancellationToken cancellation)
    {
        var photos = new List<FeatureMap>();
        int shortSide = PhotoScale.ShortSide(crop);
        foreach (string file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            FeatureMap rgb;
            try
            {
                rgb = Read(file);
            }
            catch (ImageFileException e)
            {
                note($"{e.Message}; left out");
                continue;
            }
            int shortest = Math.Min(rgb.Width, rgb.Height);
            if (shortest < crop)
            {
                note($"{file}: is {rgb.Width}x{rgb.Height}, smaller than the {crop} px crops; left out");
                continue;
            }
            if (shortest > shortSide)
            {
                double scale = (double)shortSide / shortest;
                int w = Math.Max(crop, (int)Math.Round(rgb.Width * scale)), h = Math.Max(crop, (int)Math.Round(rgb.Height * scale));
                rgb = Resampling.Resize(rgb, w, h);
            }
            photos.Add(rgb);
        }
        return photos;
    }
}
