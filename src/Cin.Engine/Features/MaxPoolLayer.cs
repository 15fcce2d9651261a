using Cin.Engine.Kernels.Features;

namespace Cin.Engine.Features;

/// <summary>A max-pool of a feature network; padded cells never win.</summary>
public sealed class MaxPoolLayer(string name, int kernel, int stride, ZeroPadding pad)
{
    public string Name { get; } = name;
    public int Kernel { get; } = kernel;
    public int Stride { get; } = stride;
    public ZeroPadding Pad { get; } = pad;

    public int OutputHeight(int height) => Pad.OutputHeight(height, Kernel, Stride);
    public int OutputWidth(int width) => Pad.OutputWidth(width, Kernel, Stride);

    /// <summary>A new map of the window maxima; the input is left as it is.</summary>
    public FeatureMap Forward(FeatureMap x, int threads = 1)
    {
        int ho = OutputHeight(x.Height), wo = OutputWidth(x.Width);
        if (ho == 0 || wo == 0)
            throw new ArgumentException($"Layer {Name}: a {x.Height}x{x.Width} map padded {Pad} is smaller than its {Kernel}x{Kernel} window.", nameof(x));
        return MaxPool.Apply(x, Kernel, Stride, Pad, FeatureMap.Uninitialized(ho, wo, x.Channels), threads);
    }

    /// <summary>The gradient with respect to the input (a new map): each window's gradient goes to its winner in <paramref name="input"/>.</summary>
    public FeatureMap Backward(FeatureMap input, FeatureMap outputGradient) =>
        MaxPoolBackward.Apply(input, Kernel, Stride, Pad, outputGradient, FeatureMap.Uninitialized(input.Height, input.Width, input.Channels));
}
