using NeuroActors.Kie.Llm;

namespace NeuroActors.Tests.Llm;

public sealed class LruCacheTests
{
    [Fact]
    public void When_full_the_least_recently_used_entry_goes()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("c", 3);

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.True(cache.TryGet("c", out var c));
        Assert.Equal((1, 3, 2), (a, c, cache.Count));
    }

    [Fact]
    public void Setting_a_present_key_replaces_it_without_evicting()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);

        cache.Set("a", 10);

        Assert.True(cache.TryGet("a", out var a));
        Assert.True(cache.TryGet("b", out _));
        Assert.Equal(10, a);
    }

    [Fact]
    public void A_capacity_of_zero_keeps_nothing()
    {
        var cache = new LruCache<string, int>(0);

        cache.Set("a", 1);

        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_count_never_exceeds_the_capacity()
    {
        var cache = new LruCache<int, int>(100);

        Parallel.For(0, 10_000, i => cache.Set(i, i));

        Assert.Equal(100, cache.Count);
    }
}
