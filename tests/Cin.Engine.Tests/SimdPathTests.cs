using System.Runtime.Intrinsics;
using Cin.Engine.Simd;

namespace Cin.Engine.Tests;

/// <summary>
/// CI runs this project once per instruction set, with the runtime told to switch the wider ones off
/// (DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0) and CIN_EXPECT_WIDEST set to the
/// lanes that should remain. This test proves the switch took effect, so every kernel test really ran on that path.
/// </summary>
public class SimdPathTests
{
    [Fact]
    public void The_widest_vector_is_the_one_this_run_expects()
    {
        string? expected = Environment.GetEnvironmentVariable("CIN_EXPECT_WIDEST");
        int widest = SimdPaths.WidestFor(16);
        if (expected == null)
        {
            Assert.Contains(widest, new[] { 1, 4, 8, 16 });
            return;
        }
        Assert.Equal(int.Parse(expected), widest);
    }

    [Fact]
    public void Describe_names_every_accelerated_width()
    {
        string description = SimdPaths.Describe();
        Assert.Equal(Vector256.IsHardwareAccelerated, description.Contains("vector256"));
        Assert.Equal(Vector128.IsHardwareAccelerated, description.Contains("vector128"));
    }
}
