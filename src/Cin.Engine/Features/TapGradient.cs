using Cin.Engine.Kernels;

namespace Cin.Engine.Features;

/// <summary>
/// Where a feature network's backward pass meets a tap: the gradient the losses give for the tap starts the pass (at
/// the last tap) or is added to the gradient coming back from the layers after it (at every earlier tap).
/// </summary>
public static class TapGradient
{
    /// <summary>A copy of the last tap's gradient, which the backward pass then overwrites layer by layer.</summary>
    public static FeatureMap Start(FeatureMap tap, FeatureMap gradient, string name)
    {
        Check(tap, gradient, name);
        var d = FeatureMap.Uninitialized(tap.Height, tap.Width, tap.Channels);
        gradient.Span.CopyTo(d.Span);
        return d;
    }

    /// <summary><c>d += gradient</c>: the tap's own gradient joins the one from the layers after it.</summary>
    public static FeatureMap Join(FeatureMap d, FeatureMap gradient, string name)
    {
        Check(d, gradient, name);
        ResidualAdd.Apply(d.Span, gradient.Span);
        return d;
    }

    private static void Check(FeatureMap tap, FeatureMap gradient, string name)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Height != tap.Height || gradient.Width != tap.Width || gradient.Channels != tap.Channels)
            throw new ArgumentException(
                $"The gradient for tap {name} is {gradient.Height}x{gradient.Width}x{gradient.Channels}; the tap is {tap.Height}x{tap.Width}x{tap.Channels}.",
                nameof(gradient));
    }
}
