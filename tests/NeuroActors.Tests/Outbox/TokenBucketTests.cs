using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Tests.Outbox;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_bucket_allows_a_burst_of_its_capacity_then_waits_for_the_refill()
    {
        var bucket = new TokenBucket(capacity: 3, perSecond: 1, T0);
        Assert.True(bucket.TryTake(T0));
        Assert.True(bucket.TryTake(T0));
        Assert.True(bucket.TryTake(T0));
        Assert.False(bucket.TryTake(T0));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.WaitTime(T0));
        Assert.True(bucket.TryTake(T0.AddSeconds(1)));
    }

    [Fact]
    public void A_pause_for_retry_after_blocks_until_that_moment_even_with_tokens_left()
    {
        var bucket = new TokenBucket(capacity: 30, perSecond: 30, T0);
        bucket.PauseUntil(T0.AddSeconds(35));
        Assert.False(bucket.TryTake(T0.AddSeconds(34)));
        Assert.True(bucket.WaitTime(T0.AddSeconds(34)) >= TimeSpan.FromSeconds(1));
        Assert.True(bucket.TryTake(T0.AddSeconds(35.1)));
    }

    [Fact]
    public void Resizing_to_a_share_of_the_cluster_caps_the_burst()
    {
        var bucket = new TokenBucket(capacity: 30, perSecond: 30, T0);
        bucket.Resize(10, 10);
        var taken = Enumerable.Range(0, 30).Count(_ => bucket.TryTake(T0));
        Assert.Equal(10, taken);
    }

    [Fact]
    public void A_send_that_costs_two_tokens_goes_at_half_the_pace()
    {
        var bucket = new TokenBucket(capacity: 3, perSecond: 1, T0);
        Assert.True(bucket.TryTake(T0, cost: 2));
        Assert.False(bucket.TryTake(T0, cost: 2));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.WaitTime(T0, cost: 2));
        Assert.True(bucket.TryTake(T0.AddSeconds(1), cost: 2));
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.WaitTime(T0.AddSeconds(1), cost: 2));
    }

    [Fact]
    public void A_cost_above_the_capacity_is_taken_as_the_capacity_so_a_full_bucket_always_lets_one_through()
    {
        var bucket = new TokenBucket(capacity: 3, perSecond: 1, T0);
        Assert.True(bucket.TryTake(T0, cost: 8));
        Assert.Equal(TimeSpan.FromSeconds(3), bucket.WaitTime(T0, cost: 8));
    }

    [Fact]
    public void A_bucket_is_full_again_once_it_has_refilled_to_its_capacity()
    {
        var bucket = new TokenBucket(capacity: 3, perSecond: 1, T0);
        Assert.True(bucket.IsFull(T0));
        bucket.TryTake(T0);
        Assert.False(bucket.IsFull(T0.AddSeconds(0.5)));
        Assert.True(bucket.IsFull(T0.AddSeconds(1)));
    }
}
