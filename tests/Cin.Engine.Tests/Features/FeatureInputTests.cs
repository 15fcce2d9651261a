using Cin.Engine.Kernels.Features;

namespace Cin.Engine.Tests.Features;

public sealed class FeatureInputTests
{
    [Fact]
    public void Bgr255_reorders_scales_and_subtracts_the_means()
    {
        var rgb = new FeatureMap(1, 2, 3, [1f, 0.5f, 0f, 0.2f, 0.4f, 0.6f]);
        var x = Bgr255Input.Apply(rgb, [100f, 110f, 120f], new FeatureMap(1, 2, 3));
        Assert.Equal([0f - 100f, 127.5f - 110f, 255f - 120f, 153f - 100f, 102f - 110f, 51f - 120f], x.Span.ToArray());
    }

    [Fact]
    public void Zero_pad_copies_inside_a_zero_border_and_cuts_short_at_the_bottom_right()
    {
        var map = new FeatureMap(2, 3, 1, [1f, 2f, 3f, 4f, 5f, 6f]);
        var padded = Enumerable.Repeat(float.NaN, 3 * 4).ToArray();
        // One row and column before; the buffer ends one column early, so the map's last column is left out.
        ZeroPad.Apply(map, 1, 1, padded.AsSpan(0, 9), 3, 3);
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 2f, 0f, 4f, 5f], padded[..9]);
        Assert.All(padded[9..], v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Zero_padding_gives_the_output_size_or_zero()
    {
        var pad = new ZeroPadding(3, 3, 2, 2);
        Assert.Equal(24, pad.OutputHeight(49, 7, 2));
        Assert.Equal(33, pad.OutputWidth(67, 7, 2));
        Assert.Equal(0, new ZeroPadding(0, 0, 0, 0).OutputHeight(2, 3, 1));
    }
}
