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

    /// <summary>
    /// A style given as its rows, one gamma and one beta vector per norm layer of <paramref name="network"/>: a row
    /// being learned, or one read from a file. The rows are copied.
    /// </summary>
    public static StyleParameters FromRows(StyleNetwork network, IReadOnlyList<float[]> gamma, IReadOnlyList<float[]> beta)
    {
        int layers = network.NormLayerCount, styles = network.Info.Styles.Count;
        if (gamma.Count != layers || beta.Count != layers)
            throw new ArgumentException($"The {network.Info.Name} network has {layers} norm layers; got {gamma.Count} gamma and {beta.Count} beta rows.");
        var g = new float[layers][];
        var b = new float[layers][];
        for (int layer = 0; layer < layers; layer++)
        {
            int channels = network.GammaTable(layer).Length / styles;
            if (gamma[layer].Length != channels || beta[layer].Length != channels)
                throw new ArgumentException($"Norm layer {layer} of the {network.Info.Name} network has {channels} channels.");
            g[layer] = (float[])gamma[layer].Clone();
            b[layer] = (float[])beta[layer].Clone();
        }
        return new StyleParameters(g, b);
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
