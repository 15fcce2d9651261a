namespace Cin.Engine.Learning;

/// <summary>
/// The loss network as the learner uses it: taps of an RGB [0,1] image, and the gradient with respect to that image
/// of a loss whose gradients with respect to the taps are given.
/// </summary>
public interface ILossNetwork
{
    /// <summary>Whether an image of this size runs (the ResNet's stride-2 blocks need sides that are 0..3 mod 16).</summary>
    bool Accepts(int height, int width);

    /// <summary>The taps of <paramref name="rgb"/>, keeping what <see cref="ILossPass.Backward"/> needs.</summary>
    ILossPass Forward(FeatureMap rgb, int threads);

    /// <summary>The content tap alone, with nothing kept for a backward pass: what the photo itself is compared on.</summary>
    FeatureMap ContentTap(FeatureMap rgb, int threads) => Forward(rgb, threads).Taps[LossTaps.Content];
}

/// <summary>One forward pass of the loss network, kept for its backward pass.</summary>
public interface ILossPass
{
    LossTaps Taps { get; }

    /// <summary>The gradient with respect to the input image, given the gradients with respect to the taps.</summary>
    FeatureMap Backward(LossTaps tapGradients, int threads);
}

/// <summary>The style network as the learner uses it: a forward pass with one style, kept for a backward pass to that style's rows.</summary>
public interface IStyleNetworkTrainer
{
    /// <summary>The network's norm layers' widths, in norm order: the shape of a style row.</summary>
    IReadOnlyList<int> NormWidths { get; }

    IStylePass Forward(FeatureMap rgb, Network.StyleParameters style, int threads);
}

/// <summary>One forward pass of the style network, kept for its backward pass.</summary>
public interface IStylePass
{
    FeatureMap Output { get; }

    /// <summary>Adds into <paramref name="gamma"/> and <paramref name="beta"/> (per norm layer) the gradient of the loss whose gradient with respect to the output is given.</summary>
    void Backward(FeatureMap outputGradient, float[][] gamma, float[][] beta, int threads);
}
