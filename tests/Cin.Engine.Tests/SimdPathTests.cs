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

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(12)]
    [InlineData(3)]
    [InlineData(128)]
    public void The_dispatcher_runs_the_widest_accelerated_strategy_that_divides_the_floats(int floats)
    {
        int expected = new[] { (16, SimdPaths.Vector512), (8, SimdPaths.Vector256), (4, SimdPaths.Vector128) }
            .Where(w => w.Item2 && floats % w.Item1 == 0).Select(w => w.Item1).DefaultIfEmpty(1).First();
        var probe = new LaneProbe();
        SimdDispatch.Run(floats, ref probe);
        Assert.Equal(expected, probe.Lanes);

        // Capped at 128 bits, as a kernel run on a chosen strategy caps its steps.
        var capped = new LaneProbe();
        SimdDispatch.Run<LaneProbe, Simd128>(floats, ref capped);
        Assert.Equal(Math.Min(expected, 4), capped.Lanes);
    }

    private struct LaneProbe : ISimdKernel
    {
        public int Lanes;
        public void Run<T>() where T : unmanaged, ISimd<T> => Lanes = T.Count;
    }

    [Fact]
    public void Describe_names_every_accelerated_width()
    {
        string description = SimdPaths.Describe();
        Assert.Equal(Vector256.IsHardwareAccelerated, description.Contains("vector256"));
        Assert.Equal(Vector128.IsHardwareAccelerated, description.Contains("vector128"));
    }
}
