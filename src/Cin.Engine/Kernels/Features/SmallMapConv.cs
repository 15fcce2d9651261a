namespace Cin.Engine.Kernels.Features;

/// <summary>
/// A stride-1 convolution padded (k-1)/2 all round, as one product: each pixel's k*k neighbourhood laid out as a row
/// of k*k*in columns (zeros past the edges), times the kernel read as a 1x1 kernel from those columns to the outputs,
/// which is its HWIO layout as it stands. For the small maps where Winograd is slow: a 128 px crop's layer3 is 8x8,
/// nine tiles, and each of Winograd's 25 products then streams a 256x256 block of transformed weights for nine rows
/// (12 G multiply-adds/s measured inside a learn step). One product over all 64 pixels reads each weight once for 64
/// rows: 37.5 G/s, so the 2.6x the multiplies cost less. The six layer3 convolutions of a magenta 128 step (three
/// forward, three data gradients) took 24 ms of processor time a step this way, against 30 ms by Winograd.
/// </summary>
public static class SmallMapConv
{
    /// <summary>The kernel as <see cref="Apply"/> takes it: <paramref name="hwio"/> as a 1x1 kernel from k*k*in to out.</summary>
    public static ConvWeights Pack(ReadOnlySpan<float> hwio, int kernel, int inChannels, int outChannels) =>
        ConvWeights.FromHwio(hwio, 1, kernel * kernel * inChannels, outChannels);

    /// <param name="bias">One value per output channel, as <see cref="PaddedConv"/> takes it.</param>
    public static FeatureMap Apply(FeatureMap input, ConvWeights packed, int kernel, ReadOnlySpan<float> bias, Activation activation,
        FeatureMap output, FeatureMap? residual, int threads)
    {
        int h = input.Height, w = input.Width, ci = input.Channels, pad = kernel / 2, taps = kernel * kernel * ci;
        if (packed.Kernel != 1 || packed.InChannels != taps)
            throw new ArgumentException($"The packed kernel must read {taps} columns.", nameof(packed));
        var columns = FeatureMap.Uninitialized(h, w, taps);
        RowParallel.For(h, threads, y =>
        {
            Span<float> row = columns.Row(y);
            for (int x = 0; x < w; x++)
                for (int ky = 0; ky < kernel; ky++)
                {
                    int sy = y + ky - pad;
                    for (int kx = 0; kx < kernel; kx++)
                    {
                        int sx = x + kx - pad;
                        Span<float> cell = row.Slice(x * taps + (ky * kernel + kx) * ci, ci);
                        if (sy < 0 || sy >= h || sx < 0 || sx >= w) cell.Clear();
                        else input.Row(sy).Slice(sx * ci, ci).CopyTo(cell);
                    }
                }
        });
        return PaddedConv.Apply(columns, packed, bias, 1, default, activation, output, residual, threads);
    }
}
