using Cin.Engine.Network.Streaming;
using CsCheck;
using static Cin.Engine.Network.Streaming.SpillLayout;

namespace Cin.Engine.Tests.Streaming;

/// <summary>
/// The spill file's layout: maps alive at the same time never share bytes, every range lies inside the file, and a
/// map made after others are released takes their bytes rather than the file growing.
/// </summary>
public class SpillLayoutTests
{
    private const long A = Alignment;

    [Fact]
    public void A_chain_of_maps_needs_only_the_largest_pair_alive_at_once()
    {
        // a -> b -> c -> d, each released once the next is made: the file is the largest two neighbours.
        var maps = new[] { new Lifetime(1, 4 * A, 0, 2), new Lifetime(2, 2 * A, 1, 3), new Lifetime(3, 6 * A, 2, 4), new Lifetime(4, 3 * A, 3, 5) };
        var (offsets, fileBytes) = Place(maps);
        Assert.Equal(9 * A, fileBytes);
        Assert.Equal(0, offsets[3]);
        Assert.Equal(6 * A, offsets[4]);
    }

    [Fact]
    public void Maps_that_never_meet_share_their_bytes()
    {
        var (offsets, fileBytes) = Place([new Lifetime(7, 5 * A, 0, 1), new Lifetime(8, 5 * A, 1, 2)]);
        Assert.Equal(0, offsets[7]);
        Assert.Equal(0, offsets[8]);
        Assert.Equal(5 * A, fileBytes);
    }

    [Fact]
    public void Ranges_are_aligned_so_that_maps_share_no_page()
    {
        var (offsets, fileBytes) = Place([new Lifetime(1, A + 1, 0, 3), new Lifetime(2, 1, 1, 3)]);
        Assert.Equal(0, offsets[1]);
        Assert.Equal(2 * A, offsets[2]);
        Assert.Equal(3 * A, fileBytes);
    }

    [Fact]
    public void A_map_listed_twice_is_a_bug()
    {
        Assert.Throws<ArgumentException>(() => Place([new Lifetime(1, A, 0, 1), new Lifetime(1, A, 2, 3)]));
    }

    [Fact]
    public void Live_maps_never_overlap_and_the_file_is_between_the_peak_and_the_total()
    {
        var lifetimes = Gen.Select(Gen.Long[1, 40 * A], Gen.Int[0, 30], Gen.Int[1, 12])
            .Array[1, 25]
            .Select(a => a.Select((m, i) => new Lifetime(i, m.Item1, m.Item2, m.Item2 + m.Item3)).ToArray());
        lifetimes.Sample(maps =>
        {
            var (offsets, fileBytes) = Place(maps);
            long Size(Lifetime m) => (m.Bytes + A - 1) / A * A;
            foreach (var m in maps)
            {
                if (offsets[m.Map] % A != 0 || offsets[m.Map] + Size(m) > fileBytes) return false;
                foreach (var other in maps)
                    if (other.Map != m.Map && m.Overlaps(other)
                        && offsets[m.Map] < offsets[other.Map] + Size(other) && offsets[other.Map] < offsets[m.Map] + Size(m))
                        return false;
            }
            long peak = Enumerable.Range(0, 45).Max(t => maps.Where(m => m.Made <= t && t < m.Released).Sum(Size));
            return fileBytes >= peak && fileBytes <= maps.Sum(Size);
        });
    }
}
