namespace Cin.Import.Features;

/// <summary>
/// What the network expects as input, given an RGB image in [0, 1]: scale by 255, reorder the channels to
/// <see cref="Order"/>, subtract <see cref="Mean"/> (in the reordered channel order). No division by a standard
/// deviation: the CNTK ResNet was trained without one.
/// </summary>
internal sealed record FeatureInput(string Order, float Scale, float[] Mean)
{
    /// <summary>model.txt's keyword for the only encoding there is so far: BGR in 0..255.</summary>
    public string Keyword => Order == "bgr" && Scale == 255f ? "bgr255" : throw new InvalidOperationException($"no keyword for {Order} x{Scale}");
}
