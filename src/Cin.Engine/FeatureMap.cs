namespace Cin.Engine;

/// <summary>
/// One image's activations, height x width x channels, stored channels-last (NHWC with a batch of one).
/// Channels-last keeps every pixel's channels contiguous, which is the axis the kernels vectorize over.
/// </summary>
public sealed class FeatureMap
{
    /// <summary>A zeroed map (from the thread's <see cref="MapArena"/> when it has one).</summary>
    public FeatureMap(int height, int width, int channels)
        : this(height, width, channels, MapArena.Zeroed(checked(height * width * channels)))
    {
    }

    /// <summary>
    /// A map whose contents are undefined, for a kernel that writes every element: zeroing a large activation costs a
    /// full pass over memory for nothing.
    /// </summary>
    public static FeatureMap Uninitialized(int height, int width, int channels) =>
        new(height, width, channels, MapArena.Uninitialized(checked(height * width * channels)));

    public FeatureMap(int height, int width, int channels, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (data.Length < (long)height * width * channels)
            throw new ArgumentException("The buffer is smaller than height * width * channels.", nameof(data));
        Height = height;
        Width = width;
        Channels = channels;
        Data = data;
    }

    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }

    /// <summary>The backing buffer; it may be longer than the map (buffers are reused across sizes).</summary>
    public float[] Data { get; }

    public int Length => Height * Width * Channels;
    public int Pixels => Height * Width;
    public Span<float> Span => Data.AsSpan(0, Length);
    public Span<float> Row(int y) => Data.AsSpan(y * Width * Channels, Width * Channels);

    public float this[int y, int x, int c]
    {
        get => Data[(y * Width + x) * Channels + c];
        set => Data[(y * Width + x) * Channels + c] = value;
    }
}
