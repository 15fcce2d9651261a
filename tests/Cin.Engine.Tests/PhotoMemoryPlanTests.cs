using Cin.Engine.Finishing;
using Cin.Engine.Photos;

namespace Cin.Engine.Tests;

/// <summary>What a photo's run holds, and what that leaves the network (issue 15's memory model).</summary>
public sealed class PhotoMemoryPlanTests
{
    private const long Mib = 1L << 20, Gib = 1L << 30;
    private const int Width = 8000, Height = 4500;
    private const long Pixels = (long)Width * Height;

    [Fact]
    public void A_36_megapixel_photo_at_its_own_size_leaves_the_network_the_budget_less_its_pixels()
    {
        var plan = PhotoMemoryPlan.For(Width, Height, 10 * Mib, new PhotoOptions { MaxMemoryBytes = Gib });
        long held = PhotoMemoryPlan.ProcessBytes + Pixels * 8 + 10 * Mib + FinishingSink.LagRows * (long)Width * 8;
        Assert.Equal(held, plan.HeldDuringNetwork);
        Assert.Equal(Gib - held, plan.NetworkBytes);
        // The whole maps (256 bytes a pixel) do not fit, so the network streams within its share and the run within the budget.
        Assert.True(plan.NetworkWholeMapBytes > plan.NetworkBytes);
        Assert.True(plan.PeakBytes <= Gib, $"{plan.PeakBytes} planned");
    }

    [Fact]
    public void A_work_size_holds_a_second_full_size_image_after_the_network_when_there_is_something_to_mix()
    {
        var plan = PhotoMemoryPlan.For(Width, Height, 0, new PhotoOptions { MaxMemoryBytes = Gib, WorkSize = 512, Strength = 0.5f });
        var (w, h) = (512L, 288L);
        const long process = PhotoMemoryPlan.ProcessBytes;
        Assert.Equal(process + Pixels * 8 + 2 * w * h * 8, plan.HeldDuringNetwork);
        Assert.Equal(process + 2 * Pixels * 8, plan.FinishingBytes);
        Assert.Equal(w * h * 256, plan.NetworkWholeMapBytes); // small enough to run whole
        Assert.Equal(process + 2 * Pixels * 8, plan.PeakBytes);

        // Strength 1 without colour keeping: the resized-back result replaces the photo.
        var replaced = PhotoMemoryPlan.For(Width, Height, 0, new PhotoOptions { MaxMemoryBytes = Gib, WorkSize = 512 });
        Assert.Equal(PhotoMemoryPlan.ProcessBytes + Pixels * 8, replaced.FinishingBytes);
        Assert.Equal(replaced.DecodingBytes, replaced.PeakBytes); // the decode is then the largest stage
    }

    [Fact]
    public void Histogram_keeping_at_full_size_stores_the_result_while_the_network_runs()
    {
        var plan = PhotoMemoryPlan.For(Width, Height, 0, new PhotoOptions { MaxMemoryBytes = 2 * Gib, KeepColors = ColorKeeping.Histogram });
        Assert.Equal(PhotoMemoryPlan.ProcessBytes + 2 * Pixels * 8, plan.HeldDuringNetwork);
        Assert.Equal(2 * Gib - plan.HeldDuringNetwork, plan.NetworkBytes);

        // An 8-bit photo is held at 4 bytes a pixel; the stored result is 16-bit whatever the photo is.
        var eight = PhotoMemoryPlan.For(Width, Height, 0, new PhotoOptions { MaxMemoryBytes = 2 * Gib, KeepColors = ColorKeeping.Histogram }, pixelBytes: 4);
        Assert.Equal(PhotoMemoryPlan.ProcessBytes + Pixels * 4 + Pixels * 8, eight.HeldDuringNetwork);
    }

    [Fact]
    public void Strength_0_runs_no_network_and_a_small_photo_runs_whole_maps()
    {
        var none = PhotoMemoryPlan.For(Width, Height, 0, new PhotoOptions { MaxMemoryBytes = Gib, Strength = 0 });
        Assert.Equal(0, none.NetworkWholeMapBytes);
        Assert.Equal(PhotoMemoryPlan.ProcessBytes + Pixels * 8, none.HeldDuringNetwork);

        var small = PhotoMemoryPlan.For(1024, 640, 0, new PhotoOptions { MaxMemoryBytes = Gib });
        Assert.True(small.NetworkWholeMapBytes <= small.NetworkBytes);
        Assert.Equal(small.HeldDuringNetwork + small.NetworkWholeMapBytes, small.PeakBytes);
    }

    [Fact]
    public void A_budget_smaller_than_the_photo_leaves_the_network_a_byte_to_refuse_with()
    {
        var plan = PhotoMemoryPlan.For(Width, Height, 0, new PhotoOptions { MaxMemoryBytes = 100 * Mib });
        Assert.Equal(1, plan.NetworkBytes);
    }

    public static TheoryData<int, int, long, long> AcceptanceRuns() => new()
    {
        { 8000, 4500, Gib, 4 }, { 8000, 4500, Gib, 8 }, { 12000, 8400, 2 * Gib, 4 }, { 12000, 8400, 2 * Gib, 8 },
        { 6000, 4000, 3 * Gib / 4, 4 }, { 16000, 9000, 3 * Gib, 4 },
    };

    [Theory]
    [MemberData(nameof(AcceptanceRuns))]
    public void Every_stage_of_a_streamed_photo_fits_its_limit(int width, int height, long limit, long pixelBytes)
    {
        var plan = PhotoMemoryPlan.For(width, height, 20 * Mib, new PhotoOptions { MaxMemoryBytes = limit }, pixelBytes);
        long pixels = (long)width * height;
        // The network streams within what is left beside the photo, the process and the held-back rows.
        Assert.True(plan.NetworkWholeMapBytes > plan.NetworkBytes);
        Assert.Equal(limit, plan.HeldDuringNetwork + plan.NetworkBytes);
        Assert.True(plan.HeldDuringNetwork >= PhotoMemoryPlan.ProcessBytes + pixels * pixelBytes);
        // Decoding and encoding hold their own buffers beside the photo, and still fit.
        Assert.True(plan.DecodingBytes >= pixels * (pixelBytes + PhotoMemoryPlan.DecoderBytesPerPixel));
        Assert.True(plan.PeakBytes <= limit, $"{width}x{height} at {limit >> 20} MiB plans {plan.PeakBytes >> 20} MiB");
    }
}
