using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Tests.Outbox;

public sealed class OutboundSchedulerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SendOutcome Ok = new SendOutcome.Sent([1]);

    private static OutboundScheduler<string> Scheduler(OutboundLimits? limits = null) => new(limits ?? OutboundLimits.Default, T0);

    /// <summary>Sends everything due at <paramref name="at"/> and completes it as sent; returns what went, in order.</summary>
    private static List<string> SendDue(OutboundScheduler<string> scheduler, DateTimeOffset at)
    {
        var sent = new List<string>();
        while (scheduler.TakeDue(at) is { Count: > 0 } due)
        {
            foreach (var send in due)
            {
                sent.Add(send.Item);
                scheduler.Complete(send.ChatId, Ok, at);
            }
        }

        return sent;
    }

    [Fact]
    public void Replies_to_a_thousand_chats_are_all_due_at_once()
    {
        var scheduler = Scheduler();
        for (var chat = 1; chat <= 1000; chat++) scheduler.Enqueue(chat, TrafficClass.Reply, "r" + chat, null, T0);
        Assert.Equal(1000, scheduler.TakeDue(T0).Count);
    }

    [Fact]
    public void A_chat_gets_a_burst_of_three_then_one_a_second()
    {
        var scheduler = Scheduler();
        for (var i = 0; i < 5; i++) scheduler.Enqueue(1, TrafficClass.Reply, "m" + i, null, T0);
        Assert.Equal(["m0", "m1", "m2"], SendDue(scheduler, T0));
        Assert.Equal(T0.AddSeconds(1), scheduler.NextWakeAt());
        Assert.Equal(["m3"], SendDue(scheduler, T0.AddSeconds(1)));
        Assert.Equal(["m4"], SendDue(scheduler, T0.AddSeconds(2)));
        Assert.Empty(SendDue(scheduler, T0.AddSeconds(10)));
    }

    [Fact]
    public void One_send_is_in_flight_per_chat_until_it_completes()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "a", null, T0);
        scheduler.Enqueue(1, TrafficClass.Reply, "b", null, T0);
        Assert.Equal(["a"], scheduler.TakeDue(T0).Select(s => s.Item));
        Assert.Empty(scheduler.TakeDue(T0));
        scheduler.Complete(1, Ok, T0);
        Assert.Equal(["b"], scheduler.TakeDue(T0).Select(s => s.Item));
    }

    [Fact]
    public void A_newer_edit_of_the_same_message_replaces_the_pending_one_and_both_senders_hear_its_outcome()
    {
        var scheduler = Scheduler(OutboundLimits.Default with { ChatBurst = 1 });
        scheduler.Enqueue(1, TrafficClass.Reply, "screen", null, T0);
        Assert.Equal(["screen"], SendDue(scheduler, T0));

        Assert.False(scheduler.Enqueue(1, TrafficClass.StatusEdit, "progress 10%", 42, T0));
        Assert.True(scheduler.Enqueue(1, TrafficClass.StatusEdit, "progress 50%", 42, T0));
        Assert.True(scheduler.Enqueue(1, TrafficClass.StatusEdit, "progress 90%", 42, T0));
        Assert.False(scheduler.Enqueue(1, TrafficClass.StatusEdit, "other order 5%", 43, T0));

        var due = scheduler.TakeDue(T0.AddSeconds(1));
        Assert.Equal(["progress 90%"], due.Select(s => s.Item));
        var settled = scheduler.Complete(1, Ok, T0.AddSeconds(1));
        Assert.Equal(["progress 10%", "progress 50%", "progress 90%"], settled.Finished);
        Assert.Equal(["other order 5%"], SendDue(scheduler, T0.AddSeconds(2)));
    }

    [Fact]
    public void An_edit_in_flight_is_not_replaced_the_newer_one_goes_after_it()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "10%", 42, T0);
        Assert.Equal(["10%"], scheduler.TakeDue(T0).Select(s => s.Item));
        Assert.False(scheduler.Enqueue(1, TrafficClass.StatusEdit, "50%", 42, T0));
        scheduler.Complete(1, Ok, T0);
        Assert.Equal(["50%"], SendDue(scheduler, T0));
    }

    [Fact]
    public void A_429_on_an_edit_that_a_newer_edit_has_overtaken_drops_the_stale_one()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "10%", 42, T0);
        scheduler.TakeDue(T0);
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "50%", 42, T0);
        Assert.Empty(scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(2)), T0).Finished);

        var due = scheduler.TakeDue(T0.AddSeconds(2));
        Assert.Equal(["50%"], due.Select(s => s.Item));
        Assert.Equal(["10%", "50%"], scheduler.Complete(1, Ok, T0.AddSeconds(2)).Finished);
    }

    [Fact]
    public void A_tap_that_edits_the_status_message_drops_its_pending_status_edit_which_would_show_older_text()
    {
        var scheduler = Scheduler(OutboundLimits.Default with { ChatBurst = 1 });
        scheduler.Enqueue(1, TrafficClass.Reply, "screen", null, T0);
        SendDue(scheduler, T0);
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "progress 50%", 42, T0);
        Assert.True(scheduler.Enqueue(1, TrafficClass.Reply, "cancelled, credits back", 42, T0));

        var due = scheduler.TakeDue(T0.AddSeconds(1));
        Assert.Equal(["cancelled, credits back"], due.Select(s => s.Item));
        Assert.Equal(["progress 50%", "cancelled, credits back"], scheduler.Complete(1, Ok, T0.AddSeconds(1)).Finished);
        Assert.Empty(SendDue(scheduler, T0.AddSeconds(10)));
    }

    [Fact]
    public void A_status_edit_told_to_wait_does_not_go_again_after_a_newer_edit_of_its_message()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "progress 10%", 42, T0);
        scheduler.TakeDue(T0);
        scheduler.Enqueue(1, TrafficClass.Reply, "cancelled", 42, T0);
        Assert.Empty(scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)), T0).Finished);

        var due = scheduler.TakeDue(T0.AddSeconds(1));
        Assert.Equal(["cancelled"], due.Select(s => s.Item));
        Assert.Equal(["progress 10%", "cancelled"], scheduler.Complete(1, Ok, T0.AddSeconds(1)).Finished);
        Assert.Empty(SendDue(scheduler, T0.AddSeconds(10)));
    }

    [Fact]
    public void Replies_go_before_the_chats_status_edits_results_and_bulk_which_keep_their_own_order()
    {
        var scheduler = Scheduler(OutboundLimits.Default with { ChatBurst = 1 });
        scheduler.Enqueue(1, TrafficClass.Bulk, "news", null, T0);
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "status", 42, T0);
        scheduler.Enqueue(1, TrafficClass.Result, "album", null, T0);
        scheduler.Enqueue(1, TrafficClass.Reply, "menu", null, T0);
        scheduler.Enqueue(1, TrafficClass.Result, "closing", null, T0);
        scheduler.Enqueue(1, TrafficClass.Reply, "answer", null, T0);

        var order = Enumerable.Range(0, 6).SelectMany(s => SendDue(scheduler, T0.AddSeconds(s))).ToList();
        Assert.Equal(["menu", "answer", "status", "album", "closing", "news"], order);
    }

    [Fact]
    public void A_429_pauses_only_that_chat_for_retry_after_and_the_same_item_goes_again()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "a", null, T0);
        scheduler.TakeDue(T0);
        var settled = scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(5)), T0);
        Assert.True(settled.WillRetry);
        Assert.False(settled.GlobalPause);

        scheduler.Enqueue(2, TrafficClass.Reply, "b", null, T0);
        Assert.Equal(["b"], SendDue(scheduler, T0));
        Assert.Empty(SendDue(scheduler, T0.AddSeconds(4.9)));
        Assert.Equal(["a"], SendDue(scheduler, T0.AddSeconds(5)));
    }

    [Fact]
    public void Flood_answers_from_three_chats_at_once_pause_every_chat()
    {
        var scheduler = Scheduler();
        for (var chat = 1; chat <= 3; chat++) scheduler.Enqueue(chat, TrafficClass.Reply, "m" + chat, null, T0);
        scheduler.TakeDue(T0);
        scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(3)), T0);
        scheduler.Complete(2, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(7)), T0.AddMilliseconds(200));
        Assert.True(scheduler.Complete(3, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(3)), T0.AddMilliseconds(400)).GlobalPause);

        scheduler.Enqueue(4, TrafficClass.Reply, "elsewhere", null, T0.AddSeconds(1));
        Assert.Equal(T0.AddMilliseconds(200).AddSeconds(7), scheduler.PausedUntil);
        Assert.Empty(SendDue(scheduler, T0.AddSeconds(7)));
        Assert.Equal(scheduler.PausedUntil, scheduler.NextWakeAt());
        Assert.Equal(["elsewhere", "m1", "m3"], SendDue(scheduler, scheduler.PausedUntil).Order(StringComparer.Ordinal));

        // Chat 2 was told to wait until the same moment, and its one token then is not enough: the flood halved the replies' pace.
        Assert.Equal(0.5, scheduler.RateFactor(TrafficClass.Reply, scheduler.PausedUntil));
        Assert.Equal(["m2"], SendDue(scheduler, scheduler.PausedUntil.AddSeconds(1)));
    }

    [Fact]
    public void Flood_answers_from_chats_seconds_apart_pause_only_those_chats()
    {
        var scheduler = Scheduler();
        for (var chat = 1; chat <= 3; chat++)
        {
            var at = T0.AddSeconds(2 * chat);
            scheduler.Enqueue(chat, TrafficClass.Reply, "m" + chat, null, at);
            scheduler.TakeDue(at);
            Assert.False(scheduler.Complete(chat, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(30)), at).GlobalPause);
        }

        scheduler.Enqueue(4, TrafficClass.Reply, "elsewhere", null, T0.AddSeconds(7));
        Assert.Equal(["elsewhere"], SendDue(scheduler, T0.AddSeconds(7)));
    }

    [Fact]
    public void Repeated_429s_in_a_class_halve_its_pace_for_every_chat_and_other_classes_keep_theirs()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "a", null, T0);
        scheduler.TakeDue(T0);
        scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)), T0);
        scheduler.TakeDue(T0.AddSeconds(1));
        Assert.True(scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)), T0.AddSeconds(1)).RateHalved);
        Assert.Equal(0.5, scheduler.RateFactor(TrafficClass.Reply, T0.AddSeconds(1)));

        var at = T0.AddSeconds(3);
        for (var i = 0; i < 3; i++) scheduler.Enqueue(2, TrafficClass.Reply, "reply" + i, null, at);
        for (var i = 0; i < 3; i++) scheduler.Enqueue(3, TrafficClass.Result, "result" + i, null, at);
        Assert.Equal(["a", "reply0", "result0", "result1", "result2"], SendDue(scheduler, at).Order(StringComparer.Ordinal));
        Assert.Empty(SendDue(scheduler, at.AddSeconds(0.9)));
        Assert.Equal(["reply1"], SendDue(scheduler, at.AddSeconds(1)));
        Assert.Empty(SendDue(scheduler, at.AddSeconds(2.9)));
        Assert.Equal(["reply2"], SendDue(scheduler, at.AddSeconds(3)));
    }

    [Fact]
    public void A_halved_class_is_back_at_full_pace_after_a_while_without_429s()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "a", null, T0);
        scheduler.TakeDue(T0);
        scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)), T0);
        scheduler.TakeDue(T0.AddSeconds(1));
        scheduler.Complete(1, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)), T0.AddSeconds(1));
        SendDue(scheduler, T0.AddSeconds(2));

        var later = T0.AddSeconds(1 + 50);
        Assert.Equal(1, scheduler.RateFactor(TrafficClass.Reply, later), 6);
        for (var i = 0; i < 3; i++) scheduler.Enqueue(2, TrafficClass.Reply, "r" + i, null, later);
        Assert.Equal(["r0", "r1", "r2"], SendDue(scheduler, later).Where(s => s.StartsWith('r')));
    }

    [Fact]
    public void Bulk_goes_at_this_nodes_share_of_the_clusters_budget_oldest_first()
    {
        var scheduler = Scheduler(OutboundLimits.Default with { BulkPerSecond = 4 });
        scheduler.ShareBulkBudget(upMembers: 2, T0);
        for (var chat = 1; chat <= 6; chat++) scheduler.Enqueue(chat, TrafficClass.Bulk, "n" + chat, null, T0);
        scheduler.Enqueue(7, TrafficClass.Reply, "reply", null, T0);

        Assert.Equal(["n1", "n2", "reply"], SendDue(scheduler, T0).Order(StringComparer.Ordinal));
        Assert.Equal(["n3"], SendDue(scheduler, T0.AddSeconds(0.5)));
        Assert.Equal(["n4"], SendDue(scheduler, T0.AddSeconds(1)));
        Assert.Equal(["n5", "n6"], SendDue(scheduler, T0.AddSeconds(2)));
    }

    [Fact]
    public void Transient_failures_go_again_after_a_growing_backoff_then_the_sender_hears_of_them()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "x", null, T0);
        var at = T0;
        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var due = scheduler.TakeDue(at);
            Assert.Equal(attempt, Assert.Single(due).Attempt);
            Assert.True(scheduler.Complete(1, new SendOutcome.Transient("502"), at).WillRetry);
            Assert.Empty(scheduler.TakeDue(at));
            var next = scheduler.NextWakeAt()!.Value;
            waits.Add(next - at);
            at = next;
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
        Assert.Single(scheduler.TakeDue(at));
        var settled = scheduler.Complete(1, new SendOutcome.Transient("502"), at);
        Assert.False(settled.WillRetry);
        Assert.Equal(["x"], settled.Finished);
    }

    [Fact]
    public void A_403_fails_everything_waiting_for_the_chat()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "a", null, T0);
        scheduler.TakeDue(T0);
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "s1", 42, T0);
        scheduler.Enqueue(1, TrafficClass.StatusEdit, "s2", 42, T0);
        scheduler.Enqueue(1, TrafficClass.Bulk, "b", null, T0);
        var settled = scheduler.Complete(1, new SendOutcome.Blocked("Forbidden: bot was blocked by the user"), T0);
        Assert.Equal(["a", "b", "s1", "s2"], settled.Finished.Order(StringComparer.Ordinal));
        Assert.Empty(SendDue(scheduler, T0.AddSeconds(10)));
    }

    [Fact]
    public void An_idle_chat_is_forgotten_once_its_bucket_has_refilled()
    {
        var scheduler = Scheduler();
        scheduler.Enqueue(1, TrafficClass.Reply, "a", null, T0);
        SendDue(scheduler, T0);
        Assert.Equal(1, scheduler.ChatCount);
        SendDue(scheduler, T0.AddSeconds(0.5));
        Assert.Equal(1, scheduler.ChatCount);
        Assert.Equal(T0.AddSeconds(1), scheduler.NextWakeAt());
        SendDue(scheduler, T0.AddSeconds(1));
        Assert.Equal(0, scheduler.ChatCount);
        Assert.Null(scheduler.NextWakeAt());
    }
}
