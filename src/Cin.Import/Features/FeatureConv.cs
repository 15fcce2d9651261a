namespace Cin.Import.Features;

/// <summary>
/// One convolution of a feature network, BatchNorm already folded in: zero-pad, K x K convolution with stride,
/// add <see cref="Bias"/>, then ReLU if <see cref="Relu"/>. <see cref="Weights"/> is HWIO ([kh][kw][in][out]),
/// the layout of the generator network's kernels; <see cref="Bias"/> has <see cref="Out"/> values.
/// </summary>
internal sealed record FeatureConv(
    string Name,
    int Kernel,
    int Stride,
    Padding Pad,
    int In,
    int Out,
    bool Relu,
    float[] Weights,
    float[] Bias)
{
    public int ValueCount => Weights.Length + Bias.Length;
}
