using Cin.Engine.Network.Streaming;
using CsCheck;

namespace Cin.Engine.Tests.Streaming;

/// <summary>
/// The spill file's layout: maps alive at the same time never share bytes, every range lies inside the file, and
/// ranges given back are taken again rather than the file growing.
/// </summary>
public class SpillLayoutTests
{
    private const long A = SpillLayout.Alignment;

    [Fact]
    public void A_map_made_after_another_is_released_takes_its_range()
    {
        var layout = new SpillLayout();
        Assert.Equal(0, layout.Place(1, 10 * A));
        Assert.Equal(10 * A, layout.Place(2, 3 * A));
        layout.Release(1);
        Assert.Equal(0, layout.Place(3, 4 * A));
        Assert.Equal(4 * A, layout.Place(4, 6 * A));
        Assert.Equal(13 * A, layout.FileBytes);
    }

    [Fact]
    public void The_free_range_at_the_end_grows_instead_of_leaving_a_hole()
    {
        var layout = new SpillLayout();
        layout.Place(1, 2 * A);
        layout.Place(2, 5 * A);
        layout.Release(2);
        Assert.Equal(2 * A, layout.Place(3, 8 * A));
        Assert.Equal(10 * A, layout.FileBytes);
    }

    [Fact]
    public void Neighbouring_free_ranges_merge()
    {
        var layout = new SpillLayout();
        layout.Place(1, 3 * A);
        layout.Place(2, 3 * A);
        layout.Place(3, 3 * A);
        layout.Place(4, A);
        layout.Release(1);
        layout.Release(3);
        layout.Release(2);
        Assert.Equal(0, layout.Place(5, 9 * A));
        Assert.Equal(10 * A, layout.FileBytes);
    }

    [Fact]
    public void Ranges_are_aligned_so_that_maps_share_no_page()
    {
        var layout = new SpillLayout();
        layout.Place(1, 1);
        Assert.Equal(A, layout.Place(2, A + 1));
        Assert.Equal(3 * A, layout.FileBytes);
    }

    [Fact]
    public void Placing_twice_or_releasing_what_is_not_placed_is_a_bug()
    {
        var layout = new SpillLayout();
        layout.Place(1, A);
        Assert.Throws<InvalidOperationException>(() => layout.Place(1, A));
        Assert.Throws<InvalidOperationException>(() => layout.Release(2));
    }

    [Fact]
    public void Live_maps_never_overlap_and_lie_inside_the_file()
    {
        // A random sequence of places and releases, as a schedule makes and drops maps.
        var steps = Gen.Select(Gen.Bool, Gen.Long[1, 40 * A], Gen.Int[0, 1000]).Array[1, 60];
        steps.Sample(sequence =>
        {
            var layout = new SpillLayout();
            var live = new Dictionary<int, (long Offset, long Bytes)>();
            long largestEverLive = 0;
            int next = 0;
            foreach (var (place, bytes, pick) in sequence)
            {
                if (place || live.Count == 0)
                {
                    int map = next++;
                    long offset = layout.Place(map, bytes);
                    if (offset % A != 0) return false;
                    foreach (var other in live.Values)
                        if (offset < other.Offset + other.Bytes && other.Offset < offset + bytes) return false;
                    live[map] = (offset, bytes);
                }
                else
                {
                    int map = live.Keys.ElementAt(pick % live.Count);
                    layout.Release(map);
                    live.Remove(map);
                }
                foreach (var range in live.Values)
                    if (range.Offset + range.Bytes > layout.FileBytes) return false;
                largestEverLive = Math.Max(largestEverLive, live.Values.Sum(r => (r.Bytes + A - 1) / A * A));
            }
            // Fragmentation may cost something, but never more than every map ever placed.
            long placedTotal = sequence.Where((s, i) => true).Sum(s => (s.Item2 + A - 1) / A * A);
            return layout.FileBytes >= largestEverLive && layout.FileBytes <= placedTotal;
        });
    }
}
