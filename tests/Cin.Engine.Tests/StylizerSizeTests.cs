using Cin.Engine.Network;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class StylizerSizeTests
{
    private static readonly Lazy<TinyNetwork> Tiny = new(() => new TinyNetwork(RandomWeights(TinyNetwork.WeightCount)));

    private static float[] RandomWeights(int count) => RandomData.Uniform(42, count, -0.3f, 0.3f);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 7)]
    [InlineData(131, 257)]
    [InlineData(8, 8)]
    [InlineData(1, 40)]
    public void Output_is_exactly_the_input_size(int height, int width)
    {
        var rgb = new FeatureMap(height, width, 3, RandomData.Uniform(height * width, height * width * 3, 0, 1));
        var output = Stylizer.Stylize(rgb, Tiny.Value, Tiny.Value.Style(1), threads: 2);
        Assert.Equal((height, width, 3), (output.Height, output.Width, output.Channels));
        Assert.All(output.Span.ToArray(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void A_single_pixel_image_is_framed_by_repetition_and_comes_back_one_pixel()
    {
        var frame = Frame.For(1, 1, TinyNetwork.Model);
        Assert.Equal((8, 8), (frame.Height, frame.Width));
        Assert.Equal((3, 3), (frame.Top, frame.Left));
    }

    [Theory]
    [InlineData(257, 260, 1)]
    [InlineData(131, 132, 0)]
    [InlineData(5, 8, 1)]
    [InlineData(8, 8, 0)]
    public void Frames_grow_to_the_stride_multiple_and_centre_the_image(int size, int framed, int offset)
    {
        var frame = Frame.For(size, size, TinyNetwork.Model);
        Assert.Equal(framed, frame.Height);
        Assert.Equal(offset, frame.Top);
    }

    [Fact]
    public void The_network_refuses_sizes_its_strides_cannot_divide()
    {
        var error = Assert.Throws<ArgumentException>(() => Tiny.Value.Run(new FeatureMap(10, 12, 3), Tiny.Value.Style(0)));
        Assert.Contains("multiples of 4", error.Message);
    }

    [Fact]
    public void Full_width_paper_network_runs_through_generated_code()
    {
        var network = new PaperNetwork(RandomWeights(PaperNetwork.WeightCount));
        var rgb = new FeatureMap(21, 34, 3, RandomData.Uniform(3, 21 * 34 * 3, 0, 1));
        var output = Stylizer.Stylize(rgb, network, network.Style(2), threads: 2);
        Assert.Equal((21, 34), (output.Height, output.Width));
        Assert.True(output.Span.ToArray().Distinct().Count() > 100, "a random network should not give a flat image");
    }
}
