using Cin.Engine.Network;
using Cin.Engine.Tests.Reference;

namespace Cin.Engine.Tests;

public class StrengthMixTests
{
    private static readonly TinyNetwork Network = new(RandomData.Uniform(1, TinyNetwork.WeightCount, -0.3f, 0.3f));

    [Fact]
    public void A_one_hot_blend_is_that_style_s_rows()
    {
        var style = Network.Style(1);
        for (int layer = 0; layer < Network.NormLayerCount; layer++)
        {
            int c = style.Gamma(layer).Length;
            Assert.Equal(Network.GammaTable(layer).Slice(c, c).ToArray(), style.Gamma(layer).ToArray());
            Assert.Equal(Network.BetaTable(layer).Slice(c, c).ToArray(), style.Beta(layer).ToArray());
        }
    }

    [Fact]
    public void Weights_are_used_as_given_without_normalizing_and_may_extrapolate()
    {
        var blend = Network.Style(new float[] { 1.5f, -0.5f });
        int c = blend.Gamma(0).Length;
        var table = Network.GammaTable(0);
        for (int i = 0; i < c; i++)
            Assert.Equal(1.5f * table[i] - 0.5f * table[c + i], blend.Gamma(0)[i], 5);
    }

    [Fact]
    public void Selector_reads_names_aliases_and_blends()
    {
        var model = TinyNetwork.Model;
        Assert.Equal(new float[] { 0, 1 }, StyleSelector.Parse("random-1", model));
        Assert.Equal(new float[] { 1, 0 }, StyleSelector.Parse("r0", model));
        Assert.Equal(new float[] { 0.7f, 0.3f }, StyleSelector.Parse("random-0=0.7, r1=0.3", model));
        Assert.Equal(new float[] { -0.5f, 2f }, StyleSelector.Parse("random-0=-0.5,random-1=2", model));
    }

    [Theory]
    [InlineData("random-9", "Unknown style 'random-9'")]
    [InlineData("random-0=abc", "'abc' is not a number")]
    [InlineData("random-0=0.5,random-1", "has no weight")]
    [InlineData("", "No style")]
    [InlineData("=1", "no style name")]
    public void Selector_explains_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<StyleSelectionException>(() => StyleSelector.Parse(text, TinyNetwork.Model));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Unknown_style_suggests_the_closest_name()
    {
        var error = Assert.Throws<StyleSelectionException>(() => StyleSelector.Parse("randon-1", TinyNetwork.Model));
        Assert.Contains("Did you mean 'random-1'", error.Message);
    }
}
