namespace Cin.Engine.Tests;

/// <summary>The arena lends maps inside its scope, takes them back on Recycle, and leaves other threads and code outside the scope alone.</summary>
public sealed class MapArenaTests
{
    [Fact]
    public void A_second_pass_of_the_same_shapes_makes_no_buffers()
    {
        var arena = new MapArena();
        using var scope = arena.Enter();
        for (int pass = 0; pass < 3; pass++)
        {
            _ = new FeatureMap(5, 7, 3);
            _ = FeatureMap.Uninitialized(5, 7, 3);
            _ = new FeatureMap(2, 2, 8);
            scope.Recycle();
        }
        Assert.Equal(3, arena.Made);
    }

    [Fact]
    public void A_zeroed_map_is_zero_even_when_its_buffer_was_used_before()
    {
        var arena = new MapArena();
        using var scope = arena.Enter();
        var first = new FeatureMap(4, 4, 2);
        first.Span.Fill(7);
        scope.Recycle();
        var second = new FeatureMap(4, 4, 2);
        Assert.Same(first.Data, second.Data);
        Assert.All(second.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Maps_lent_in_one_pass_are_distinct()
    {
        var arena = new MapArena();
        using var scope = arena.Enter();
        var a = FeatureMap.Uninitialized(3, 3, 3);
        var b = FeatureMap.Uninitialized(3, 3, 3);
        Assert.NotSame(a.Data, b.Data);
    }

    [Fact]
    public void Outside_the_scope_and_on_other_threads_maps_are_fresh()
    {
        var arena = new MapArena();
        float[] inside;
        using (var scope = arena.Enter())
        {
            inside = new FeatureMap(3, 3, 1).Data;
            float[] other = [];
            var thread = new Thread(() => other = new FeatureMap(3, 3, 1).Data);
            thread.Start();
            thread.Join();
            Assert.NotSame(inside, other);
            scope.Recycle();
            Assert.Equal(1, arena.Made);
        }
        // The scope is gone: this buffer is not the arena's.
        Assert.NotSame(inside, new FeatureMap(3, 3, 1).Data);
        Assert.Equal(1, arena.Made);
    }

    [Fact]
    public void A_nested_scope_gives_the_outer_one_back()
    {
        var outer = new MapArena();
        var inner = new MapArena();
        using var outerScope = outer.Enter();
        using (inner.Enter()) _ = new FeatureMap(2, 2, 2);
        _ = new FeatureMap(2, 2, 3);
        Assert.Equal(1, inner.Made);
        Assert.Equal(1, outer.Made);
    }
}
