using Cin.Engine.Batch;

namespace Cin.Engine.Tests;

/// <summary>The default pixel limit, sized from memory.</summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public void TheDefaultLimitFollowsMemoryAndTheWorkSize()
    {
        const long gib = 1L << 30;
        long full = MemoryBudget.DefaultMaxPixels(1, null, 16 * gib);
        long small = MemoryBudget.DefaultMaxPixels(1, 1024, 16 * gib);
        Assert.InRange(full, 30_000_000, 45_000_000); // 16 GiB * 0.7 / (256 + 64) bytes
        Assert.True(small > 4 * full, "with a work size only the pipeline scales with the photo");
        Assert.Equal(MemoryBudget.MinimumMaxPixels, MemoryBudget.DefaultMaxPixels(1, null, 1024));
    }
}
