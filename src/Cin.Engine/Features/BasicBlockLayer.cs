using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;

namespace Cin.Engine.Features;

/// <summary>
/// A ResNet basic block, <c>y = relu(conv2(relu(conv1(x))) + shortcut(x))</c>: the shortcut is <c>x</c> itself or a
/// 1x1 projection. <c>conv2</c>'s own activation is the block's final ReLU, applied after the shortcut is added (its
/// epilogue adds the residual before the activation), so the sum is never stored unactivated.
/// </summary>
public sealed class BasicBlockLayer
{
    public BasicBlockLayer(string name, PaddedConvLayer conv1, PaddedConvLayer conv2, PaddedConvLayer? projection)
    {
        if (conv2.Stride != 1) throw new ArgumentException($"Block {name}: conv2 has stride {conv2.Stride}, not 1.", nameof(conv2));
        if (conv1.OutChannels != conv2.InChannels || conv2.OutChannels != conv2.InChannels)
            throw new ArgumentException($"Block {name}: conv1 gives {conv1.OutChannels} channels, conv2 maps {conv2.InChannels} to {conv2.OutChannels}.");
        if (projection == null && (conv1.Stride != 1 || conv1.InChannels != conv2.OutChannels))
            throw new ArgumentException($"Block {name}: an identity shortcut needs stride 1 and as many channels in as out.");
        if (projection != null && (projection.InChannels != conv1.InChannels || projection.OutChannels != conv2.OutChannels))
            throw new ArgumentException($"Block {name}: the projection maps {projection.InChannels} to {projection.OutChannels} channels.");
        Name = name;
        Conv1 = conv1;
        Conv2 = conv2;
        Projection = projection;
    }

    public string Name { get; }
    public PaddedConvLayer Conv1 { get; }
    public PaddedConvLayer Conv2 { get; }
    public PaddedConvLayer? Projection { get; }

    /// <summary>
    /// Whether the two paths agree in size on an input of this height and width. With stride 2 and the CNTK pads, the
    /// 3x3 path gives floor(n/2) and the 1x1 projection ceil(n/2), so an odd input fails.
    /// </summary>
    public bool PathsAgree(int height, int width) =>
        Projection == null ||
        (Conv2.OutputHeight(Conv1.OutputHeight(height)) == Projection.OutputHeight(height)
         && Conv2.OutputWidth(Conv1.OutputWidth(width)) == Projection.OutputWidth(width));

    /// <summary>A new map; the input is left as it is (it may be a tap).</summary>
    public FeatureMap Forward(FeatureMap x, int threads = 1)
    {
        if (!PathsAgree(x.Height, x.Width))
            throw new ArgumentException(
                $"Block {Name}: on a {x.Height}x{x.Width} input its main path and its projection disagree in size.", nameof(x));
        FeatureMap main = Conv1.Forward(x, threads);
        FeatureMap shortcut = Projection?.Forward(x, threads) ?? x;
        return Conv2.Forward(main, threads, residual: shortcut);
    }

    /// <summary><see cref="Forward"/>, handing out conv1's output, which <see cref="Backward"/> needs.</summary>
    public FeatureMap ForwardForTraining(FeatureMap x, int threads, out FeatureMap inner)
    {
        if (!PathsAgree(x.Height, x.Width))
            throw new ArgumentException(
                $"Block {Name}: on a {x.Height}x{x.Width} input its main path and its projection disagree in size.", nameof(x));
        inner = Conv1.Forward(x, threads);
        FeatureMap shortcut = Projection?.Forward(x, threads) ?? x;
        return Conv2.Forward(inner, threads, residual: shortcut);
    }

    /// <summary>
    /// The gradient with respect to the block's input <paramref name="x"/> (a new map), given conv1's output
    /// <paramref name="inner"/>, the block's <paramref name="output"/> and the gradient with respect to it, which is
    /// overwritten. The final ReLU's derivative is applied once, then the gradient takes both paths and is summed.
    /// </summary>
    public FeatureMap Backward(FeatureMap x, FeatureMap inner, FeatureMap output, FeatureMap outputGradient, int threads = 1)
    {
        // conv2's own ReLU is the block's: its Backward turns the gradient into the sum's, which the shortcut also takes.
        FeatureMap innerGradient = Conv2.Backward(inner, output, outputGradient, threads);
        FeatureMap inputGradient = Conv1.Backward(x, inner, innerGradient, threads);
        if (Projection == null) ResidualAddGradient.Apply(inputGradient, outputGradient);
        else ResidualAddGradient.Apply(inputGradient, Projection.InputGradient(outputGradient, x.Height, x.Width, threads));
        return inputGradient;
    }
}
