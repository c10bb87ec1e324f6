using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.Limits;

public sealed class LimitRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 23, 59, 0, TimeSpan.Zero);

    [Fact]
    public void The_update_over_the_limit_in_a_minute_gets_one_notice_then_the_rest_are_dropped_silently()
    {
        var window = new UpdateRateWindow(3);
        Assert.Equal(RateVerdict.Handle, window.Admit(Start));
        Assert.Equal(RateVerdict.Handle, window.Admit(Start.AddSeconds(1)));
        Assert.Equal(RateVerdict.Handle, window.Admit(Start.AddSeconds(2)));
        Assert.Equal(RateVerdict.DropWithNotice, window.Admit(Start.AddSeconds(3)));
        Assert.Equal(RateVerdict.Drop, window.Admit(Start.AddSeconds(4)));
        Assert.Equal(RateVerdict.Drop, window.Admit(Start.AddSeconds(5)));
    }

    [Fact]
    public void A_user_who_slows_down_is_handled_again_and_a_new_flood_gets_a_new_notice()
    {
        var window = new UpdateRateWindow(2);
        window.Admit(Start);
        window.Admit(Start.AddSeconds(1));
        Assert.Equal(RateVerdict.DropWithNotice, window.Admit(Start.AddSeconds(2)));

        // A minute after the last two arrivals (dropped ones count: a steady flood stays limited).
        Assert.Equal(RateVerdict.Handle, window.Admit(Start.AddSeconds(63)));
        Assert.Equal(RateVerdict.Handle, window.Admit(Start.AddSeconds(125)));
        Assert.Equal(RateVerdict.Handle, window.Admit(Start.AddSeconds(126)));
        Assert.Equal(RateVerdict.DropWithNotice, window.Admit(Start.AddSeconds(127)));
    }

    [Fact]
    public void Admins_and_blocks_never_count_against_the_limit()
    {
        var admins = new HashSet<long> { 7 };
        Assert.False(UpdateLimits.Counts(new IncomingUpdate(1, 7, 7, true, UpdateKind.Text, Text: "/stats"), admins));
        Assert.False(UpdateLimits.Counts(new IncomingUpdate(2, 8, 8, true, UpdateKind.BotBlocked), admins));
        Assert.True(UpdateLimits.Counts(new IncomingUpdate(3, 8, 8, true, UpdateKind.Text, Text: "hi"), admins));
    }

    [Fact]
    public void The_free_quota_counts_per_utc_day_and_starts_afresh_at_midnight()
    {
        var quota = FreeQuota.None.Take(FreeQuota.DayOf(Start), ["A-1", "A-2"]);
        Assert.Equal(2, quota.UsedOn(Start));
        Assert.Equal(1, quota.LeftOn(Start, daily: 3));
        Assert.Equal(3, quota.LeftOn(Start.AddMinutes(1), daily: 3)); // 00:00 UTC the next day

        var nextDay = quota.Take(FreeQuota.DayOf(Start.AddMinutes(1)), ["B-1"]);
        Assert.Equal(["B-1"], nextDay.RequestIds);
    }

    [Fact]
    public void A_failed_free_variant_gives_its_generation_back_and_only_free_models_take_any()
    {
        var quota = FreeQuota.None.Take(FreeQuota.DayOf(Start), ["A-1", "A-2"]).Return("A-2").Return("OTHER-1");
        Assert.Equal(1, quota.UsedOn(Start));

        Assert.Equal(2, FreeQuota.FreeVariants(freeModel: true, variants: 3, left: 2));
        Assert.Equal(1, FreeQuota.FreeVariants(freeModel: true, variants: 1, left: 2));
        Assert.Equal(0, FreeQuota.FreeVariants(freeModel: false, variants: 3, left: 2));
        Assert.Equal(0, FreeQuota.FreeVariants(freeModel: true, variants: 3, left: 0));
    }

    [Fact]
    public void An_order_may_start_below_the_limit_of_orders_in_progress_only()
    {
        Assert.True(new GrowthLimits(3, 3, 2, 3).MayStartOrder);
        Assert.False(new GrowthLimits(3, 3, 3, 3).MayStartOrder);
    }
}
