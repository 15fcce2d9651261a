namespace Cin.Engine.Network;

/// <summary>
/// The gradient of a scalar loss with respect to the gamma and beta rows a network ran with, one pair of vectors per
/// norm layer (<see cref="StyleParameters"/>' order). For a single style that is the gradient with respect to that
/// style's row; for a row being learned, the step to take.
/// </summary>
public sealed class StyleGradient
{
    private readonly float[][] _gamma;
    private readonly float[][] _beta;

    /// <summary>Zeros shaped as <paramref name="style"/>.</summary>
    public StyleGradient(StyleParameters style)
    {
        _gamma = new float[style.LayerCount][];
        _beta = new float[style.LayerCount][];
        for (int layer = 0; layer < style.LayerCount; layer++)
        {
            _gamma[layer] = new float[style.Gamma(layer).Length];
            _beta[layer] = new float[style.Beta(layer).Length];
        }
    }

    public int LayerCount => _gamma.Length;

    /// <summary>The gradient with respect to layer <paramref name="layer"/>'s gamma; backward passes add to it.</summary>
    public Span<float> Gamma(int layer) => _gamma[layer];

    /// <summary>The gradient with respect to layer <paramref name="layer"/>'s beta; backward passes add to it.</summary>
    public Span<float> Beta(int layer) => _beta[layer];
}
