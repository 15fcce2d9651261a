using Cin.Engine.Kernels;
using Cin.Engine.Network;

namespace Cin.Engine.Video;

/// <summary>
/// Running averages of every norm's channel statistics across a clip's frames, used in place of each frame's own.
/// </summary>
/// <remarks>
/// Instance norm makes every frame's strokes depend on statistics of that whole frame, which change a little as a pan
/// brings new content in and old content out, so every stroke's colour and strength wavers with them. Averaging the
/// statistics over frames (a running average, reset at cuts) steadies the strokes without touching the pixels: the
/// output of each frame is still that frame's own, only its normalization constants are shared.
/// </remarks>
public sealed class SharedStatistics : IStatisticsFilter
{
    /// <summary>Each frame's share of the running average.</summary>
    public const float DefaultRate = 0.1f;

    private readonly float _rate;
    private readonly float[]?[] _mean;
    private readonly float[]?[] _variance;

    public SharedStatistics(int norms, float rate = DefaultRate)
    {
        if (!(rate > 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be in (0, 1].");
        _rate = rate;
        _mean = new float[norms][];
        _variance = new float[norms][];
    }

    /// <summary>Forgets the averages (at a scene cut): the next frame uses its own statistics.</summary>
    public void Reset()
    {
        Array.Clear(_mean);
        Array.Clear(_variance);
    }

    public void Filter(int norm, ChannelStatistics statistics)
    {
        float[] mean = statistics.Mean, variance = statistics.Variance;
        if (_mean[norm] is not { } runningMean || _variance[norm] is not { } runningVariance || runningMean.Length != mean.Length)
        {
            _mean[norm] = (float[])mean.Clone();
            _variance[norm] = (float[])variance.Clone();
            return;
        }
        float keep = 1 - _rate;
        for (int c = 0; c < mean.Length; c++)
        {
            // The variance is averaged about the running mean, so that a mean that moves counts as spread.
            float shift = mean[c] - runningMean[c];
            runningVariance[c] = keep * runningVariance[c] + _rate * (variance[c] + keep * shift * shift);
            runningMean[c] += _rate * shift;
            mean[c] = runningMean[c];
            variance[c] = runningVariance[c];
        }
    }
}
