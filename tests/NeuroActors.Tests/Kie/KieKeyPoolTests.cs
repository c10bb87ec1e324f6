using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

/// <summary>The async pool over the pure pacer, on a fake clock: nothing sleeps, time moves only when the test says.</summary>
public sealed class KieKeyPoolTests
{
    private sealed class Recorder<T> : IProgress<T>
    {
        public List<T> Seen { get; } = [];

        public void Report(T value)
        {
            lock (Seen)
            {
                Seen.Add(value);
            }
        }
    }

    /// <summary>Takes <paramref name="count"/> create slots now, each answered at once.</summary>
    private static async Task FillAsync(KieKeyPool pool, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await pool.AcquireAsync(KieWorkKind.Create)).Value!.Dispose();
        }
    }

    private static (KieKeyPool Pool, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock, KieApiKey[] Keys) Pool(params string[] secrets)
    {
        var clock = KieTestKit.Clock();
        var keys = secrets.Select(s => new KieApiKey(s)).ToArray();
        return (new KieKeyPool(keys, KiePacingLimits.Default, clock), clock, keys);
    }

    [Fact]
    public async Task One_key_grants_20_creates_at_once_and_the_21st_after_the_window()
    {
        var (pool, clock, _) = Pool(KieTestKit.KeyA);
        var leases = Enumerable.Range(0, 25).Select(_ => pool.AcquireAsync(KieWorkKind.Create)).ToArray();

        Assert.Equal(20, leases.Count(l => l.IsCompleted));
        foreach (var granted in leases.Where(l => l.IsCompleted))
        {
            (await granted).Value!.Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(10.2));
        Assert.Equal(20, leases.Count(l => l.IsCompleted));

        clock.Advance(TimeSpan.FromSeconds(0.05));
        Assert.All(leases, l => Assert.True(l.IsCompleted));
        Assert.All(await Task.WhenAll(leases), r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task Slot_frees_one_window_after_the_answer_not_after_the_send()
    {
        var (pool, clock, _) = Pool(KieTestKit.KeyA);
        var slow = (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pool.AcquireAsync(KieWorkKind.Create)))).Select(l => l.Value!).ToArray();
        var next = pool.AcquireAsync(KieWorkKind.Create);

        clock.Advance(TimeSpan.FromSeconds(2));
        foreach (var lease in slow)
        {
            lease.Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(10.2));
        Assert.False(next.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.05));
        Assert.True((await next).IsSuccess);
    }

    [Fact]
    public async Task Waiting_creates_are_served_in_arrival_order()
    {
        // Fill the window with creates half a second apart, so that slots free one by one.
        var (pool, clock, _) = Pool(KieTestKit.KeyA);
        for (var i = 0; i < 20; i++)
        {
            (await pool.AcquireAsync(KieWorkKind.Create)).Value!.Dispose();
            clock.Advance(TimeSpan.FromSeconds(0.5));
        }

        var waiting = Enumerable.Range(0, 5).Select(_ => pool.AcquireAsync(KieWorkKind.Create)).ToArray();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        // The first slot frees 10.25 s after the first create (window plus safety margin), then one every 0.5 s.
        for (var served = 1; served <= 5; served++)
        {
            clock.Advance(TimeSpan.FromSeconds(served == 1 ? 0.25 : 0.5));
            Assert.Equal(Enumerable.Range(0, 5).Select(i => i < served), waiting.Select(w => w.IsCompleted));
        }

        Assert.All(await Task.WhenAll(waiting), r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task Queued_caller_hears_its_position_move_up()
    {
        var (pool, clock, _) = Pool(KieTestKit.KeyA);
        await FillAsync(pool, 20);

        var first = new Recorder<KieQueuePosition>();
        var third = new Recorder<KieQueuePosition>();
        _ = pool.AcquireAsync(KieWorkKind.Create, progress: first);
        _ = pool.AcquireAsync(KieWorkKind.Create);
        var lease = pool.AcquireAsync(KieWorkKind.Create, progress: third);

        Assert.Equal(new KieQueuePosition(1, 1), first.Seen[0]);
        Assert.Equal(new KieQueuePosition(3, 3), third.Seen[^1]);

        clock.Advance(TimeSpan.FromSeconds(10.25));

        Assert.True(lease.IsCompleted);
        Assert.Contains(third.Seen, p => p.Position == 3);
    }

    [Fact]
    public async Task Peek_tells_whether_a_new_create_would_wait_and_its_place()
    {
        var (pool, clock, _) = Pool(KieTestKit.KeyA);
        Assert.Equal(new KieQueueStatus(0, false, null), pool.PeekQueue(KieWorkKind.Create));

        await FillAsync(pool, 20);
        _ = pool.AcquireAsync(KieWorkKind.Create);
        _ = pool.AcquireAsync(KieWorkKind.Create);

        var status = pool.PeekQueue(KieWorkKind.Create);
        Assert.True(status.WouldWait);
        Assert.Equal(2, status.Waiting);
        Assert.Equal(3, status.PositionIfJoined);
        Assert.Equal(clock.GetUtcNow().AddSeconds(10.25), status.NextSlotAt);
    }

    [Fact]
    public async Task Two_keys_share_a_burst_evenly()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA, KieTestKit.KeyB);

        var leases = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => pool.AcquireAsync(KieWorkKind.Create)));

        Assert.All(leases, l => Assert.True(l.IsSuccess));
        Assert.Equal(20, leases.Count(l => l.Value!.KeyId == keys[0].Id));
        Assert.Equal(20, leases.Count(l => l.Value!.KeyId == keys[1].Id));
        Assert.All(pool.GetReport().Keys, k => Assert.Equal(20, k.CreatesLastMinute));
    }

    [Fact]
    public async Task Rate_limited_key_cools_and_work_goes_to_the_other_key()
    {
        var (pool, clock, keys) = Pool(KieTestKit.KeyA, KieTestKit.KeyB);

        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.CoolDown);
        var leases = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => pool.AcquireAsync(KieWorkKind.Create)));

        Assert.All(leases, l => Assert.Equal(keys[1].Id, l.Value!.KeyId));
        var report = pool.GetReport().Keys.Single(k => k.KeyId == keys[0].Id);
        Assert.Equal(KieKeyCondition.Cooling, report.Condition);
        Assert.Equal(clock.GetUtcNow().AddSeconds(10), report.CreateCoolingUntil);
    }

    [Fact]
    public async Task Work_waits_out_a_short_cooldown_on_the_only_key()
    {
        var (pool, clock, keys) = Pool(KieTestKit.KeyA);
        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.CoolDown, TimeSpan.FromSeconds(4));

        var lease = pool.AcquireAsync(KieWorkKind.Create);
        Assert.False(lease.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True((await lease).IsSuccess);
    }

    [Fact]
    public async Task Usage_cap_on_the_only_key_fails_creates_at_once_with_a_rate_limit_to_retry_later()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA);
        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.UsageCapReached);

        var lease = pool.AcquireAsync(KieWorkKind.Create);
        var query = pool.AcquireAsync(KieWorkKind.Query, keys[0].Id);

        Assert.True(lease.IsCompleted);
        Assert.Equal(FailureClass.RateLimit, (await lease).Failure!.Class);
        Assert.True((await lease).Failure!.Classification.Retry);
        Assert.Equal(TimeSpan.FromHours(1), (await lease).Failure!.RetryAfter);
        Assert.True((await query).IsSuccess);
    }

    [Fact]
    public async Task No_credits_disables_the_key_raises_one_alert_and_moves_creates_to_the_other()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA, KieTestKit.KeyB);
        var alerts = new List<KieKeyAlert>();
        pool.KeyAlert += alerts.Add;

        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits, kieMessage: "The current credits are insufficient. Please top up.");
        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits);
        var leases = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => pool.AcquireAsync(KieWorkKind.Create)));

        var alert = Assert.Single(alerts);
        Assert.Equal((keys[0].Id, KieKeyDisableReason.NoCredits), (alert.KeyId, alert.Reason));
        Assert.All(leases, l => Assert.Equal(keys[1].Id, l.Value!.KeyId));
        var report = pool.GetReport().Keys.Single(k => k.KeyId == keys[0].Id);
        Assert.Equal((KieKeyCondition.Disabled, KieKeyDisableReason.NoCredits), (report.Condition, report.DisabledReason));
        Assert.Equal("The current credits are insufficient. Please top up.", report.DisabledDetail);
    }

    [Fact]
    public async Task Empty_account_still_answers_status_queries_of_its_tasks()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA);
        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits);

        var query = await pool.AcquireAsync(KieWorkKind.Query, keys[0].Id);
        var create = await pool.AcquireAsync(KieWorkKind.Create);

        Assert.True(query.IsSuccess);
        Assert.Equal("pool-no-usable-key", create.Failure!.Classification.Rule);
        Assert.Equal(FailureClass.Billing, create.Failure.Class);
    }

    [Fact]
    public async Task Refused_key_cannot_query_its_tasks_any_more()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA, KieTestKit.KeyB);
        pool.Report(keys[0].Id, KieWorkKind.Query, KieKeyEffect.DisableUnauthorized);

        var query = await pool.AcquireAsync(KieWorkKind.Query, keys[0].Id);

        Assert.Equal("pool-task-key-unavailable", query.Failure!.Classification.Rule);
        Assert.Equal(keys[0].Id, query.Failure.KeyId);
    }

    [Fact]
    public async Task Waiting_creates_fail_when_the_last_key_is_disabled_under_them()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA);
        for (var i = 0; i < 20; i++)
        {
            _ = pool.AcquireAsync(KieWorkKind.Create);
        }

        var waiting = pool.AcquireAsync(KieWorkKind.Create);
        Assert.False(waiting.IsCompleted);

        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits);

        Assert.True(waiting.IsCompleted);
        Assert.Equal(FailureClass.Billing, (await waiting).Failure!.Class);
    }

    [Fact]
    public async Task Enabling_a_key_puts_it_back_in_rotation()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA);
        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.DisableUnauthorized);

        Assert.True(pool.Enable(keys[0].Id));

        Assert.True((await pool.AcquireAsync(KieWorkKind.Create)).IsSuccess);
        Assert.Equal(KieKeyCondition.Healthy, pool.GetReport().Keys.Single().Condition);
        Assert.False(pool.Enable(new KieKeyId("****zzzz#000000")));
    }

    [Fact]
    public async Task Queries_are_paced_per_key_and_one_busy_key_does_not_hold_up_another()
    {
        var (pool, clock, keys) = Pool(KieTestKit.KeyA, KieTestKit.KeyB);
        var onA = Enumerable.Range(0, 12).Select(_ => pool.AcquireAsync(KieWorkKind.Query, keys[0].Id)).ToArray();
        var onB = pool.AcquireAsync(KieWorkKind.Query, keys[1].Id);

        Assert.Equal(10, onA.Count(q => q.IsCompleted));
        Assert.True(onB.IsCompleted);
        foreach (var answered in onA.Where(q => q.IsCompleted))
        {
            (await answered).Value!.Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(1.25));
        Assert.All(onA, q => Assert.True(q.IsCompleted));
    }

    [Fact]
    public async Task Cancelled_waiter_leaves_the_line_and_the_next_moves_up()
    {
        var (pool, clock, _) = Pool(KieTestKit.KeyA);
        await FillAsync(pool, 20);

        using var cancel = new CancellationTokenSource();
        var leaving = pool.AcquireAsync(KieWorkKind.Create, cancellationToken: cancel.Token);
        var staying = new Recorder<KieQueuePosition>();
        var next = pool.AcquireAsync(KieWorkKind.Create, progress: staying);
        Assert.Equal(2, staying.Seen[^1].Position);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.Equal(new KieQueuePosition(1, 1), staying.Seen[^1]);
        Assert.Equal(1, pool.PeekQueue(KieWorkKind.Create).Waiting);

        clock.Advance(TimeSpan.FromSeconds(10.25));
        Assert.True((await next).IsSuccess);
    }

    [Fact]
    public async Task Unknown_pinned_key_and_an_empty_pool_fail_without_waiting()
    {
        var (pool, _, _) = Pool(KieTestKit.KeyA);
        using var empty = new KieKeyPool([], KiePacingLimits.Default, KieTestKit.Clock());

        var unknown = await pool.AcquireAsync(KieWorkKind.Query, new KieKeyId("****dead#beef00"));
        var none = await empty.AcquireAsync(KieWorkKind.Create);

        Assert.Equal("pool-task-key-unavailable", unknown.Failure!.Classification.Rule);
        Assert.Equal("pool-no-usable-key", none.Failure!.Classification.Rule);
    }

    [Fact]
    public void Keys_appear_masked_to_their_last_four_characters_everywhere()
    {
        var (pool, _, keys) = Pool(KieTestKit.KeyA, KieTestKit.KeyB);
        pool.Report(keys[0].Id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits, kieMessage: "no credits");
        var options = KieTestKit.Options(KieTestKit.KeyA, KieTestKit.KeyB);
        options.WebhookHmacKey = "super-secret-webhook-key";

        var texts = new[]
        {
            keys[0].ToString(), keys[0].Id.ToString(), keys[0].Masked, string.Join(";", pool.GetReport().Keys), options.ToString(),
            pool.GetReport().ToString(),
        };

        Assert.All(texts, t =>
        {
            Assert.DoesNotContain(KieTestKit.KeyA[..28], t, StringComparison.Ordinal);
            Assert.DoesNotContain(KieTestKit.KeyB[..27], t, StringComparison.Ordinal);
            Assert.DoesNotContain("super-secret", t, StringComparison.Ordinal);
        });
        Assert.StartsWith("****aaaa#", keys[0].Id.Value, StringComparison.Ordinal);
        Assert.Equal("****aaaa", keys[0].Masked);
    }
}
