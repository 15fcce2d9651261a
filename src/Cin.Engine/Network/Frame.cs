namespace Cin.Engine.Network;

/// <summary>
/// Where an image sits inside the larger map the network runs on. Each side grows to the next multiple of the
/// network's total stride (and to its minimum size), split evenly between the two edges, and is filled by
/// reflection; reflection repeats past the far edge when the image is smaller than the padding, and a 1-pixel side
/// is simply repeated. Centring keeps the border effects symmetric.
/// </summary>
public readonly record struct Frame(int Height, int Width, int Top, int Left)
{
    public static Frame For(int height, int width, ModelInfo model)
    {
        int h = Grow(height, model), w = Grow(width, model);
        return new Frame(h, w, (h - height) / 2, (w - width) / 2);
    }

    private static int Grow(int size, ModelInfo model)
    {
        int multiple = model.SizeMultiple;
        int grown = Math.Max(size, model.MinimumSize);
        return (grown + multiple - 1) / multiple * multiple;
    }

    /// <summary>Whether the image already has a size the network accepts, so framing would copy it unchanged.</summary>
    public bool Fits(int height, int width) => Height == height && Width == width;

    public FeatureMap Crop(FeatureMap framed, int height, int width)
    {
        int c = framed.Channels;
        var cropped = FeatureMap.Uninitialized(height, width, c);
        for (int y = 0; y < height; y++)
            framed.Row(y + Top).Slice(Left * c, width * c).CopyTo(cropped.Row(y));
        return cropped;
    }
}
