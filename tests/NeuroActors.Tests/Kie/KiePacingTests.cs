using NeuroActors.Domain.Kie;

namespace NeuroActors.Tests.Kie;

/// <summary>The pure pacing rules: sliding windows and one key's health, on a clock the test moves.</summary>
public sealed class KiePacingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Window_allows_the_limit_then_frees_a_slot_when_the_oldest_event_leaves()
    {
        var window = new SlidingWindowCounter(3, TimeSpan.FromSeconds(10));
        window.RecordCompleted(T0);
        window.RecordCompleted(T0.AddSeconds(1));
        window.RecordCompleted(T0.AddSeconds(2));

        Assert.False(window.HasRoom(T0.AddSeconds(3)));
        Assert.Equal(T0.AddSeconds(10), window.NextRoomAt(T0.AddSeconds(3)));
        Assert.False(window.HasRoom(T0.AddSeconds(9.999)));
        Assert.True(window.HasRoom(T0.AddSeconds(10)));
    }

    [Fact]
    public void Window_never_lets_more_than_the_limit_into_any_interval()
    {
        // Take every slot as soon as it frees, for a minute; then check every 10 s interval.
        var window = new SlidingWindowCounter(20, TimeSpan.FromSeconds(10));
        var taken = new List<DateTimeOffset>();
        var now = T0;
        while (now < T0.AddMinutes(1))
        {
            now = window.NextRoomAt(now);
            window.RecordCompleted(now);
            taken.Add(now);
        }

        foreach (var start in taken)
        {
            Assert.True(taken.Count(t => t >= start && t < start.AddSeconds(10)) <= 20, $"more than 20 in the 10 s from {start:O}");
        }

        Assert.True(taken.Count >= 120);
    }

    [Fact]
    public void Call_in_flight_holds_its_slot_until_one_window_after_its_answer()
    {
        var window = new SlidingWindowCounter(1, TimeSpan.FromSeconds(10));
        var call = window.Record(T0);

        Assert.Equal(T0.AddMinutes(5).AddSeconds(10), window.NextRoomAt(T0.AddSeconds(30)));

        window.Complete(call, T0.AddSeconds(3));

        Assert.False(window.HasRoom(T0.AddSeconds(12.9)));
        Assert.True(window.HasRoom(T0.AddSeconds(13)));
    }

    [Fact]
    public void Call_never_answered_frees_after_the_in_flight_limit()
    {
        var window = new SlidingWindowCounter(1, TimeSpan.FromSeconds(1), maxInFlight: TimeSpan.FromSeconds(30));
        window.Record(T0);

        Assert.False(window.HasRoom(T0.AddSeconds(30.5)));
        Assert.True(window.HasRoom(T0.AddSeconds(31)));
    }

    [Fact]
    public void Window_counts_the_last_minute_for_reports()
    {
        var window = new SlidingWindowCounter(10, TimeSpan.FromSeconds(1));
        window.RecordCompleted(T0);
        window.RecordCompleted(T0.AddSeconds(30));
        window.RecordCompleted(T0.AddSeconds(59));

        Assert.Equal(3, window.LastMinute(T0.AddSeconds(59)));
        Assert.Equal(2, window.LastMinute(T0.AddSeconds(60)));
        Assert.Equal(0, window.LastMinute(T0.AddSeconds(120)));
    }

    [Fact]
    public void Pacer_adds_the_safety_margin_to_the_create_window()
    {
        var pacer = new KieKeyPacer(KiePacingLimits.Default);
        for (var i = 0; i < 20; i++)
        {
            pacer.RecordCompleted(KieWorkKind.Create, T0);
        }

        Assert.Equal(T0.AddSeconds(10.25), pacer.AvailableAt(KieWorkKind.Create, T0));
        Assert.Equal(T0, pacer.AvailableAt(KieWorkKind.Query, T0));
    }

    [Fact]
    public void Rate_limit_cools_only_the_kind_that_was_refused_and_honours_retry_after()
    {
        var pacer = new KieKeyPacer(KiePacingLimits.Default);

        pacer.Apply(KieKeyEffect.CoolDown, KieWorkKind.Query, T0, retryAfter: TimeSpan.FromSeconds(3));

        Assert.Equal(T0.AddSeconds(3), pacer.AvailableAt(KieWorkKind.Query, T0));
        Assert.Equal(T0, pacer.AvailableAt(KieWorkKind.Create, T0));
        Assert.Equal(KieKeyCondition.Cooling, pacer.ConditionAt(T0));
        Assert.Equal(KieKeyCondition.Healthy, pacer.ConditionAt(T0.AddSeconds(3)));
    }

    [Fact]
    public void Usage_cap_rests_creates_for_an_hour_but_not_queries()
    {
        var pacer = new KieKeyPacer(KiePacingLimits.Default);

        pacer.Apply(KieKeyEffect.UsageCapReached, KieWorkKind.Create, T0);

        Assert.Equal(T0.AddHours(1), pacer.CreateCoolingUntil);
        Assert.True(pacer.CoolingBeyond(KieWorkKind.Create, T0, TimeSpan.FromSeconds(30)));
        Assert.Equal(T0, pacer.AvailableAt(KieWorkKind.Query, T0));
    }

    [Fact]
    public void No_credits_stops_creates_but_keeps_queries_and_unauthorized_stops_everything()
    {
        var broke = new KieKeyPacer(KiePacingLimits.Default);
        var refused = new KieKeyPacer(KiePacingLimits.Default);

        Assert.True(broke.Apply(KieKeyEffect.DisableNoCredits, KieWorkKind.Create, T0, detail: "top up"));
        Assert.True(refused.Apply(KieKeyEffect.DisableUnauthorized, KieWorkKind.Query, T0));

        Assert.Null(broke.AvailableAt(KieWorkKind.Create, T0));
        Assert.Equal(T0, broke.AvailableAt(KieWorkKind.Query, T0));
        Assert.Null(refused.AvailableAt(KieWorkKind.Query, T0));
        Assert.Null(refused.AvailableAt(KieWorkKind.Other, T0));
        Assert.Equal(KieKeyCondition.Disabled, broke.ConditionAt(T0));
    }

    [Fact]
    public void Disabling_reports_the_change_once_and_enable_restores()
    {
        var pacer = new KieKeyPacer(KiePacingLimits.Default);

        Assert.True(pacer.Apply(KieKeyEffect.DisableNoCredits, KieWorkKind.Create, T0));
        Assert.False(pacer.Apply(KieKeyEffect.DisableNoCredits, KieWorkKind.Create, T0.AddSeconds(1)));
        Assert.True(pacer.Apply(KieKeyEffect.DisableUnauthorized, KieWorkKind.Create, T0.AddSeconds(2)));
        Assert.Equal(KieKeyDisableReason.Unauthorized, pacer.DisabledReason);

        pacer.Enable();

        Assert.Equal(KieKeyCondition.Healthy, pacer.ConditionAt(T0.AddSeconds(3)));
        Assert.Equal(T0.AddSeconds(3), pacer.AvailableAt(KieWorkKind.Create, T0.AddSeconds(3)));
    }

    [Fact]
    public void Selector_prefers_the_least_busy_free_key()
    {
        var busy = new KieKeyPacer(KiePacingLimits.Default);
        var idle = new KieKeyPacer(KiePacingLimits.Default);
        busy.RecordCompleted(KieWorkKind.Create, T0);

        var pick = KieKeySelector.Choose([busy, idle], KieWorkKind.Create, T0, TimeSpan.FromSeconds(30));

        Assert.Equal(1, pick.Index);
    }

    [Fact]
    public void Selector_says_when_a_key_frees_and_never_when_all_are_disabled()
    {
        var full = new KieKeyPacer(KiePacingLimits.Default);
        for (var i = 0; i < 20; i++)
        {
            full.RecordCompleted(KieWorkKind.Create, T0);
        }

        var disabled = new KieKeyPacer(KiePacingLimits.Default);
        disabled.Apply(KieKeyEffect.DisableNoCredits, KieWorkKind.Create, T0);

        var wait = KieKeySelector.Choose([full, disabled], KieWorkKind.Create, T0, TimeSpan.FromSeconds(30));
        var never = KieKeySelector.Choose([disabled], KieWorkKind.Create, T0, TimeSpan.FromSeconds(30));

        Assert.Equal((null, T0.AddSeconds(10.25), false), (wait.Index, wait.NextChanceAt, wait.Never));
        Assert.True(never.Never);
    }
}
