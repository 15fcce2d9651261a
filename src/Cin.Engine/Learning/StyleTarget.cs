namespace Cin.Engine.Learning;

/// <summary>
/// What the style loss aims at, per style layer: the painting's Gram matrix, computed once, and the normalizer, the
/// mean squared Gram error of the unstyled training photos, so that each layer scores 1 for the photo as it is
/// (<c>StyleTargets.calibrate</c> in training/cin_train/losses.py).
/// </summary>
public sealed class StyleTarget
{
    private readonly double[][] _grams;
    private readonly double[] _norms;

    public StyleTarget(double[][] grams, double[] norms)
    {
        if (grams.Length != LossTaps.Count || norms.Length != LossTaps.Count) throw new ArgumentException("One Gram and one normalizer per style layer.");
        if (norms.Any(n => !(n > 0) || !double.IsFinite(n))) throw new ArgumentException("Normalizers must be positive.", nameof(norms));
        _grams = grams;
        _norms = norms;
    }

    public ReadOnlySpan<double> Gram(LossLayer layer) => _grams[(int)layer];
    public double Norm(LossLayer layer) => _norms[(int)layer];

    /// <summary>The painting's Grams from its taps; the normalizers are filled in by <see cref="Calibrate"/>.</summary>
    public static double[][] GramsOf(LossTaps painting, int threads)
    {
        var grams = new double[LossTaps.Count][];
        for (int k = 0; k < LossTaps.Count; k++)
        {
            var map = painting[(LossLayer)k];
            grams[k] = new double[map.Channels * map.Channels];
            GramMatrix.Compute(map, grams[k], threads);
        }
        return grams;
    }

    /// <summary>The target with each layer's normalizer the mean over <paramref name="photos"/> of ||G(photo) - G(painting)||^2.</summary>
    public static StyleTarget Calibrate(double[][] paintingGrams, IReadOnlyList<LossTaps> photos, int threads)
    {
        var norms = new double[LossTaps.Count];
        foreach (var taps in photos)
        {
            var grams = GramsOf(taps, threads);
            for (int k = 0; k < LossTaps.Count; k++)
                norms[k] += SquaredDistance(grams[k], paintingGrams[k]);
        }
        for (int k = 0; k < LossTaps.Count; k++) norms[k] = Math.Max(norms[k] / Math.Max(1, photos.Count), 1e-30);
        return new StyleTarget(paintingGrams, norms);
    }

    internal static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; sum += d * d; }
        return sum;
    }
}
