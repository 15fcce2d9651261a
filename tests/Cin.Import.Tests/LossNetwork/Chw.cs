namespace Cin.Import.Tests.LossNetwork;

/// <summary>A channels-first image or feature map (one of a batch of one), as ONNX's NCHW with N = 1.</summary>
internal sealed record Chw(int Channels, int Height, int Width, float[] Data)
{
    public Chw(int channels, int height, int width) : this(channels, height, width, new float[channels * height * width]) { }

    public float this[int c, int y, int x]
    {
        get => Data[(c * Height + y) * Width + x];
        set => Data[(c * Height + y) * Width + x] = value;
    }

    public string ShapeText => $"{Channels}x{Height}x{Width}";

    /// <summary>
    /// max |this - reference| / max |reference|: the error relative to the layer's scale. A per-element relative
    /// error means nothing where a ReLU output is 0 or nearly so.
    /// </summary>
    public double RelativeErrorTo(Chw reference)
    {
        Assert.Equal(reference.ShapeText, ShapeText);
        double diff = 0, scale = 0;
        for (int i = 0; i < Data.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)Data[i] - reference.Data[i]));
            scale = Math.Max(scale, Math.Abs((double)reference.Data[i]));
        }
        Assert.True(scale > 0, "the reference is all zeros");
        return diff / scale;
    }
}
