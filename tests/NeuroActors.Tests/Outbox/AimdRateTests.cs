using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Tests.Outbox;

public sealed class AimdRateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_single_429_leaves_the_rate_alone()
    {
        var rate = new AimdRate(AimdPolicy.Default);
        Assert.False(rate.OnRateLimited(T0));
        Assert.Equal(1, rate.Factor(T0));
    }

    [Fact]
    public void A_repeated_429_halves_the_rate_and_a_third_halves_it_again()
    {
        var rate = new AimdRate(AimdPolicy.Default);
        rate.OnRateLimited(T0);
        Assert.True(rate.OnRateLimited(T0.AddSeconds(3)));
        Assert.Equal(0.5, rate.Factor(T0.AddSeconds(3)));
        Assert.True(rate.OnRateLimited(T0.AddSeconds(6)));
        Assert.Equal(0.25, rate.Factor(T0.AddSeconds(6)));
    }

    [Fact]
    public void Many_429s_for_one_flood_halve_the_rate_once()
    {
        var rate = new AimdRate(AimdPolicy.Default);
        rate.OnRateLimited(T0);
        var halvings = Enumerable.Range(1, 20).Count(i => rate.OnRateLimited(T0.AddMilliseconds(50 * i)));
        Assert.Equal(1, halvings);
        Assert.Equal(0.5, rate.Factor(T0.AddSeconds(1)));
    }

    [Fact]
    public void Two_429s_far_apart_are_not_repeated()
    {
        var rate = new AimdRate(AimdPolicy.Default);
        rate.OnRateLimited(T0);
        Assert.False(rate.OnRateLimited(T0.AddSeconds(30)));
        Assert.Equal(1, rate.Factor(T0.AddSeconds(30)));
    }

    [Fact]
    public void The_rate_never_falls_below_the_floor()
    {
        var rate = new AimdRate(AimdPolicy.Default);
        for (var i = 0; i < 20; i++) rate.OnRateLimited(T0.AddSeconds(3 * i));
        Assert.Equal(AimdPolicy.Default.Floor, rate.Factor(T0.AddSeconds(60)));
    }

    [Fact]
    public void The_rate_recovers_a_tenth_of_normal_every_10_seconds_without_a_429()
    {
        var rate = new AimdRate(AimdPolicy.Default);
        rate.OnRateLimited(T0);
        rate.OnRateLimited(T0.AddSeconds(1));
        Assert.Equal(0.5, rate.Factor(T0.AddSeconds(10.9)), 6);
        Assert.Equal(0.6, rate.Factor(T0.AddSeconds(11)), 6);
        Assert.Equal(0.8, rate.Factor(T0.AddSeconds(31)), 6);
        Assert.Equal(1, rate.Factor(T0.AddSeconds(51)), 6);
        Assert.Equal(1, rate.Factor(T0.AddSeconds(500)), 6);
    }
}
