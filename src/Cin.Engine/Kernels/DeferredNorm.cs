namespace Cin.Engine.Kernels;

/// <summary>
/// A layer's conditional instance norm and activation, <c>act(scale[c] * x + shift[c])</c>, left unapplied to its
/// output so that the next convolution applies it to each input row as it reads it. A large map is then read once by
/// that convolution, instead of read and written by the norm and read again.
/// </summary>
public sealed class DeferredNorm
{
    // Scale and shift repeated to the channel pattern's period, for whole-vector passes over a row.
    private readonly float[] _tiledScale;
    private readonly float[] _tiledShift;

    internal DeferredNorm(float[] scale, float[] shift, Activation activation)
    {
        Channels = scale.Length;
        _tiledScale = ChannelPattern.Tile(scale);
        _tiledShift = ChannelPattern.Tile(shift);
        Activation = activation;
    }

    public int Channels { get; }
    public Activation Activation { get; }

    /// <summary>Normalized copy of <paramref name="source"/>, whole pixels, into <paramref name="destination"/>.</summary>
    public void ApplyTo(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length % Channels != 0 || destination.Length < source.Length)
            throw new ArgumentException($"Expected whole pixels of {Channels} channels and room for them.");
        ConditionalInstanceNorm.ScaleShiftRow(source, destination, _tiledScale, _tiledShift, Activation);
    }

    /// <summary>
    /// <c>x = norm(x) + skip</c>: the last norm of a residual block and its skip connection in one pass over memory,
    /// row by row while each row is in cache.
    /// </summary>
    public void ApplyAndAdd(FeatureMap x, FeatureMap skip, int threads)
    {
        if (x.Channels != Channels) throw new ArgumentException($"The map has {x.Channels} channels; the norm {Channels}.");
        if (skip.Length != x.Length) throw new ArgumentException("The two maps differ in size.", nameof(skip));
        RowParallel.For(x.Height, ConditionalInstanceNorm.RowThreads(x, threads), y =>
        {
            Span<float> row = x.Row(y);
            ConditionalInstanceNorm.ScaleShiftRow(row, row, _tiledScale, _tiledShift, Activation);
            ResidualAdd.Apply(row, skip.Row(y));
        });
    }
}
