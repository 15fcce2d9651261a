namespace Cin.Engine.Learning;

/// <summary>
/// The one thing the learner trains: a style's gamma and beta for every norm layer, kept as one flat vector (all the
/// gammas, then all the betas, in norm order) for the optimizer, and viewed per layer for the network.
/// </summary>
public sealed class StyleRow
{
    private readonly int[] _offsets;

    public StyleRow(IReadOnlyList<int> widths)
    {
        Widths = widths.ToArray();
        _offsets = new int[Widths.Length + 1];
        for (int i = 0; i < Widths.Length; i++) _offsets[i + 1] = _offsets[i] + Widths[i];
        Values = new float[2 * _offsets[^1]];
    }

    public int[] Widths { get; }

    /// <summary>Gammas then betas, flat.</summary>
    public float[] Values { get; }

    public int Layers => Widths.Length;

    public Span<float> Gamma(int layer) => Values.AsSpan(_offsets[layer], Widths[layer]);
    public Span<float> Beta(int layer) => Values.AsSpan(_offsets[^1] + _offsets[layer], Widths[layer]);

    /// <summary>The row as a style the network runs with.</summary>
    public Network.StyleParameters ToStyle() =>
        new(Enumerable.Range(0, Layers).Select(l => Gamma(l).ToArray()).ToArray(), Enumerable.Range(0, Layers).Select(l => Beta(l).ToArray()).ToArray());

    /// <summary>The mean of a model's own rows: where a new style starts (as add_style.py's prepare_row).</summary>
    public static StyleRow MeanOf(Network.StyleNetwork network)
    {
        int styles = network.Info.Styles.Count;
        var weights = Enumerable.Repeat(1f / styles, styles).ToArray();
        var mean = network.Style(weights);
        var row = new StyleRow(Enumerable.Range(0, network.NormLayerCount).Select(l => mean.Gamma(l).Length).ToArray());
        for (int l = 0; l < row.Layers; l++)
        {
            mean.Gamma(l).CopyTo(row.Gamma(l));
            mean.Beta(l).CopyTo(row.Beta(l));
        }
        return row;
    }

    /// <summary>Per-layer arrays shaped like this row, for gradients.</summary>
    public (float[][] Gamma, float[][] Beta) ZeroGradients() =>
        (Widths.Select(w => new float[w]).ToArray(), Widths.Select(w => new float[w]).ToArray());

    /// <summary>Per-layer gradients flattened in this row's order, in double for the optimizer.</summary>
    public double[] Flatten(float[][] gamma, float[][] beta)
    {
        var flat = new double[Values.Length];
        for (int l = 0; l < Layers; l++)
            for (int c = 0; c < Widths[l]; c++)
            {
                flat[_offsets[l] + c] = gamma[l][c];
                flat[_offsets[^1] + _offsets[l] + c] = beta[l][c];
            }
        return flat;
    }
}
