namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The gradient through a residual block's skip connection, <c>y = x + f(x)</c>: the gradient with respect to x is
/// the block's output gradient, which reaches x unchanged along the skip, plus what came back through f.
/// </summary>
public static class ResidualAddGradient
{
    /// <summary><c>outputGradient += throughBlock</c>: the output gradient becomes the input's.</summary>
    public static void Apply(FeatureMap outputGradient, FeatureMap throughBlock)
    {
        if (outputGradient.Length != throughBlock.Length) throw new ArgumentException("The two gradients differ in size.", nameof(throughBlock));
        ResidualAdd.Apply(outputGradient.Span, throughBlock.Span);
    }
}
