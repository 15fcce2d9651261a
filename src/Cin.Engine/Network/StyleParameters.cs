namespace Cin.Engine.Network;

/// <summary>
/// One gamma and one beta vector per normalization layer: a single style, or a blend of several resolved to a single
/// style before the network runs, so a blend costs nothing per pixel.
/// </summary>
public sealed class StyleParameters
{
    private readonly float[][] _gamma;
    private readonly float[][] _beta;

    internal StyleParameters(float[][] gamma, float[][] beta)
    {
        _gamma = gamma;
        _beta = beta;
    }

    public int LayerCount => _gamma.Length;
    public ReadOnlySpan<float> Gamma(int layer) => _gamma[layer];
    public ReadOnlySpan<float> Beta(int layer) => _beta[layer];

    /// <summary>
    /// gamma = sum_s w_s * gamma[s] (likewise beta) for each layer. The weights are taken as given: they need not sum
    /// to one, and negative or larger-than-one weights extrapolate, as in Magenta's own blending.
    /// </summary>
    public static StyleParameters Blend(StyleNetwork network, ReadOnlySpan<float> weights)
    {
        int styles = network.Info.Styles.Count;
        if (weights.Length != styles)
            throw new ArgumentException($"Expected {styles} style weights, got {weights.Length}.", nameof(weights));
        int layers = network.NormLayerCount;
        var gamma = new float[layers][];
        var beta = new float[layers][];
        for (int layer = 0; layer < layers; layer++)
        {
            gamma[layer] = Mix(network.GammaTable(layer), weights);
            beta[layer] = Mix(network.BetaTable(layer), weights);
        }
        return new StyleParameters(gamma, beta);
    }

    private static float[] Mix(ReadOnlySpan<float> table, ReadOnlySpan<float> weights)
    {
        int channels = table.Length / weights.Length;
        var mixed = new float[channels];
        for (int s = 0; s < weights.Length; s++)
        {
            float w = weights[s];
            if (w == 0) continue;
            ReadOnlySpan<float> row = table.Slice(s * channels, channels);
            for (int c = 0; c < channels; c++) mixed[c] += w * row[c];
        }
        return mixed;
    }
}
