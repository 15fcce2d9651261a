using Cin.Engine.Batch;

namespace Cin.Engine.Tests;

public class ShardTests
{
    private static readonly string[] Paths =
        Enumerable.Range(0, 500).Select(i => i % 5 == 0 ? $"sub/dir {i}/photo-{i:D4}.jpg" : $"photo-{i:D4}.png").ToArray();

    private static string? NoEnvironment(string name) => null;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_shards_together_hold_every_input_exactly_once(int count)
    {
        var owners = Paths.Select(p => Enumerable.Range(0, count).Where(i => new Shard(i, count).Contains(p)).ToArray()).ToArray();
        Assert.All(owners, o => Assert.Single(o));
    }

    [Fact]
    public void Inputs_spread_evenly_over_the_shards()
    {
        const int count = 7;
        var sizes = Enumerable.Range(0, count).Select(i => Paths.Count(new Shard(i, count).Contains)).ToArray();
        // 500 inputs over 7 shards: about 71 each; a hash that clustered similar names would leave some near empty.
        Assert.All(sizes, s => Assert.InRange(s, 45, 100));
    }

    [Fact]
    public void The_shard_depends_on_the_relative_path_alone_not_the_order_or_the_separator()
    {
        int[] forward = Paths.Select(p => Shard.ShardOf(p, 7)).ToArray();
        int[] backward = Paths.Reverse().Select(p => Shard.ShardOf(p, 7)).Reverse().ToArray();
        Assert.Equal(forward, backward);
        Assert.Equal(Shard.ShardOf("a/b/c.jpg", 7), Shard.ShardOf(@"a\b\c.jpg", 7));
    }

    [Fact]
    public void The_hash_is_fixed_across_versions()
    {
        // Machines running different builds must agree: these values pin the key (UTF-8, '/' separators) and the hash.
        Assert.Equal([5, 1, 1], new[] { "photo-0001.jpg", "a/b.png", "x" }.Select(p => Shard.ShardOf(p, 7)).ToArray());
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 6 / 7 ", 6, 7)]
    public void Parses_index_and_count(string text, int index, int count)
    {
        var shard = Shard.Parse(text, NoEnvironment);
        Assert.Equal((index, count), (shard.Index, shard.Count));
    }

    [Theory]
    [InlineData("3", "not a shard")]
    [InlineData("/3", "not a shard")]
    [InlineData("1/", "not a shard")]
    [InlineData("3/3", "less than the shard count 3")]
    [InlineData("-1/3", "whole number from 0 to 2")]
    [InlineData("a/3", "whole number from 0 to 2")]
    [InlineData("1/0", "at least 1")]
    [InlineData("auto/4", "JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")]
    public void Bad_shards_say_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Shard.Parse(text, NoEnvironment));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Auto_reads_the_kubernetes_index_first_then_slurm()
    {
        var both = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1", ["SLURM_ARRAY_TASK_ID"] = "2" };
        Assert.Equal(1, Shard.Parse("auto/3", n => both.GetValueOrDefault(n)).Index);
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "2" };
        Assert.Equal(2, Shard.Parse("auto/3", n => slurm.GetValueOrDefault(n)).Index);
        var e = Assert.Throws<FormatException>(() => Shard.Parse("auto/3", n => n == "SLURM_ARRAY_TASK_ID" ? "5" : null));
        Assert.Contains("(from SLURM_ARRAY_TASK_ID)", e.Message);
    }
}
