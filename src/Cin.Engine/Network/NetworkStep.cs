namespace Cin.Engine.Network;

/// <summary>
/// One step of a network, as data: a layer, or a residual block of two layers around a skip connection. The generated
/// <c>Forward</c> runs the steps as straight-line code; runs that schedule the layers themselves (the banded, streamed
/// run of a photo too large for memory) read the same steps from <see cref="StyleNetwork.Steps"/>.
/// </summary>
public sealed record NetworkStep(ConvLayer First, ConvLayer? Second)
{
    public static NetworkStep Layer(ConvLayer layer) => new(layer, null);

    /// <summary>x + CIN(conv2(relu(CIN(conv1(x))))).</summary>
    public static NetworkStep Residual(ConvLayer conv1, ConvLayer conv2) => new(conv1, conv2);

    public bool IsResidual => Second != null;
}
