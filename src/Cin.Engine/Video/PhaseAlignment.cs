using Cin.Engine.Kernels;
using Cin.Engine.Network;

namespace Cin.Engine.Video;

/// <summary>
/// Runs the network on a frame placed at a chosen offset, 0..stride-1 on each axis, inside a reflect-padded canvas.
/// </summary>
/// <remarks>
/// The network has two stride-2 layers and two 2x upsamplings, so the strokes it paints depend on where the content
/// sits modulo 4 pixels: the same scene panned by 3 pixels gets different strokes, and a pan that is not a multiple
/// of 4 pixels per frame makes the texture boil. Moving each frame by (-offset mod 4) before the network, with the
/// offset the content has travelled since the last scene cut, gives every frame the same phase, and cropping at the
/// same place moves the result back. The canvas is the frame grown by stride-1 and framed to the network's size, so
/// its size does not change from frame to frame and every offset fits; reflection fills the rest, as for a photo.
/// </remarks>
public static class PhaseAlignment
{
    /// <summary>The offset that brings content that has moved by <paramref name="travelled"/> pixels back to phase 0.</summary>
    public static int Offset(double travelled, int stride)
    {
        long whole = (long)Math.Round(travelled, MidpointRounding.AwayFromZero);
        return (int)(((-whole % stride) + stride) % stride);
    }

    /// <summary>The network's output for <paramref name="rgb"/> placed <paramref name="offsetY"/> rows down and <paramref name="offsetX"/> columns right.</summary>
    public static FeatureMap Stylize(FeatureMap rgb, int offsetY, int offsetX, StyleNetwork network, StyleParameters style, int threads = 1,
        IStatisticsFilter? statistics = null)
    {
        int stride = network.Info.SizeMultiple;
        if ((uint)offsetY >= (uint)stride || (uint)offsetX >= (uint)stride)
            throw new ArgumentOutOfRangeException(nameof(offsetY), $"Offsets must be 0..{stride - 1}.");
        var canvas = Frame.For(rgb.Height + stride - 1, rgb.Width + stride - 1, network.Info);
        var placed = canvas with { Top = canvas.Top + offsetY, Left = canvas.Left + offsetX };
        var framed = FeatureMap.Uninitialized(canvas.Height, canvas.Width, 3);
        ReflectPad.Apply(rgb.Data, rgb.Height, rgb.Width, 3, placed.Top, placed.Left, canvas.Height, canvas.Width, framed.Data);
        var output = network.Run(framed, style, threads, statistics);
        return placed.Crop(output, rgb.Height, rgb.Width);
    }
}
