namespace Cin.Import.Model;

/// <summary>
/// One convolution with its conditional instance norm: upsample, reflect-pad, convolve, normalize, activate.
/// <see cref="Weights"/> is HWIO ([kh][kw][in][out]); <see cref="Gamma"/> and <see cref="Beta"/> are
/// [style][out].
/// </summary>
internal sealed record ConvLayer(
    string Name,
    int Kernel,
    int Stride,
    int In,
    int Out,
    Activation Activation,
    int Upsample,
    float[] Weights,
    float[] Gamma,
    float[] Beta)
{
    public int StyleCount => Gamma.Length / Out;
}
