using Cin.Engine.Batch;

namespace Cin.Engine.Tests;

/// <summary>The default pixel limit, sized from memory: a decompression-bomb guard that must fit the decoded photo, not the network.</summary>
public sealed class MemoryBudgetTests
{
    private const long Gib = 1L << 30;

    [Fact]
    public void TheDefaultLimitFitsTheDecodedPhotoAndItsFile()
    {
        long full = MemoryBudget.DefaultMaxPixels(1, null, 16 * Gib);
        // 16 GiB * 0.7 / (8 bytes of 16-bit RGBA + 4 of file) = 1002 megapixels.
        Assert.InRange(full, 950_000_000, 1_050_000_000);
        Assert.Equal(MemoryBudget.MinimumMaxPixels, MemoryBudget.DefaultMaxPixels(1, null, 1024));
    }

    [Fact]
    public void The_network_does_not_count_so_an_8_GB_machine_takes_a_100_megapixel_photo()
    {
        Assert.True(MemoryBudget.DefaultMaxPixels(1, null, 8 * Gib) > 12000L * 8400);
        Assert.True(MemoryBudget.DefaultMaxPixels(1, 512, 8 * Gib) > 12000L * 8400);
    }

    [Fact]
    public void A_work_size_counts_the_resized_back_result_and_jobs_share_the_budget()
    {
        long full = MemoryBudget.DefaultMaxPixels(1, null, 16 * Gib);
        long work = MemoryBudget.DefaultMaxPixels(1, 1024, 16 * Gib);
        Assert.InRange((double)full / work, 1.6, 1.7); // (2 * 8 + 4) / (8 + 4)
        Assert.InRange((double)full / MemoryBudget.DefaultMaxPixels(4, null, 16 * Gib), 3.99, 4.01);
    }
}
