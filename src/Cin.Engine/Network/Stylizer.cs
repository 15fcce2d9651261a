using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// Image in, image out: frames an RGB map of any size to a size the network accepts, runs the network, and crops
/// the result back to the input's exact size.
/// </summary>
public static class Stylizer
{
    /// <param name="cancellation">Checked between the network's layers and inside them (<see cref="StyleNetwork.Run"/>).</param>
    public static FeatureMap Stylize(FeatureMap rgb, StyleNetwork network, StyleParameters style, int threads = 1,
        CancellationToken cancellation = default)
    {
        var frame = Frame.For(rgb.Height, rgb.Width, network.Info);
        // The network never writes into its input, so an image that already fits runs as it is.
        if (frame.Fits(rgb.Height, rgb.Width)) return network.Run(rgb, style, threads, cancellation: cancellation);
        var framed = FeatureMap.Uninitialized(frame.Height, frame.Width, 3);
        ReflectPad.Apply(rgb.Data, rgb.Height, rgb.Width, 3, frame.Top, frame.Left, frame.Height, frame.Width, framed.Data);
        var output = network.Run(framed, style, threads, cancellation: cancellation);
        return frame.Crop(output, rgb.Height, rgb.Width);
    }
}
