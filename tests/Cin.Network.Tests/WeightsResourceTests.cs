using Cin.Engine.Network;
using Cin.Models;

namespace Cin.Network.Tests;

/// <summary>
/// Every built-in model's embedded weights match the SHA-256 its model.txt declares. Release builds do not hash at
/// start-up (it would load OpenSSL on every run), so this is where a mismatched resource is caught.
/// </summary>
public class WeightsResourceTests
{
    [Fact]
    public void Magenta()
    {
        Assert.Equal(MagentaNetwork.WeightsSha256, WeightsResource.Sha256(typeof(MagentaNetwork).Assembly, MagentaNetwork.WeightsResourceName));
    }

    [Fact]
    public void Paintings40()
    {
        Assert.Equal(Paintings40Network.WeightsSha256, WeightsResource.Sha256(typeof(Paintings40Network).Assembly, Paintings40Network.WeightsResourceName));
    }

    [Fact]
    public void EveryBuiltInModelIsCovered()
    {
        Assert.Equal(["magenta", "paintings40"], BuiltInModelCatalog.Instance.Models.Select(m => m.Name).Order());
    }

    [Fact]
    public void AWrongLengthIsRefusedOnEveryLoad()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            WeightsResource.Read(typeof(MagentaNetwork).Assembly, MagentaNetwork.WeightsResourceName, MagentaNetwork.WeightCount + 1, MagentaNetwork.WeightsSha256));
        Assert.Contains("declares", e.Message);
    }
}
