using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Tests.Outbox;

/// <summary>
/// The outbox on a fake clock: its notion of now is a <see cref="FakeTimeProvider"/> and its timers run on the test
/// scheduler, so time moves only when a test advances both. What did not go is checked after a marker (a callback answer,
/// which skips the queues) has been handled: every send due before it has been made by then.
/// </summary>
public sealed class OutboxActorTests : TestKit
{
    private const string Config = """
        akka {
          loglevel = WARNING
          test.single-expect-default = 10s
          scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        }
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedPort _port = new();
    private readonly TestProbe _markers;
    private int _marker;

    public OutboxActorTests()
        : base(Config)
    {
        _markers = CreateTestProbe();
    }

    /// <summary>Answers each chat's sends from its script (default: sent), and records what was sent.</summary>
    private sealed class ScriptedPort : ITelegramSendPort
    {
        private readonly ConcurrentDictionary<long, ConcurrentQueue<SendOutcome>> _scripts = new();
        private long _nextId = 100;

        public ConcurrentQueue<(long ChatId, OutboundMessage Message)> Sends { get; } = new();

        public void Then(long chatId, params SendOutcome[] outcomes)
        {
            var script = _scripts.GetOrAdd(chatId, _ => new ConcurrentQueue<SendOutcome>());
            foreach (var outcome in outcomes) script.Enqueue(outcome);
        }

        public IReadOnlyList<string> TextsTo(long chatId) => Sends.Where(s => s.ChatId == chatId && s.Message.IsRateLimited).Select(s => Text(s.Message)).ToList();

        public Task<SendOutcome> SendAsync(long chatId, OutboundMessage message, CancellationToken cancel)
        {
            Sends.Enqueue((chatId, message));
            return Task.FromResult(_scripts.TryGetValue(chatId, out var script) && script.TryDequeue(out var scripted)
                ? scripted
                : new SendOutcome.Sent([Interlocked.Increment(ref _nextId)]));
        }
    }

    /// <summary>A send named by the test; the outbox only hands the id back.</summary>
    private static DeliveryId Id(string name) => DeliveryId.Closing(name);

    private static OutboundMessage Screen(string text) => new OutboundMessage.SendScreen(new Screen(text, null));

    private static OutboundMessage Edit(long messageId, string text) => new OutboundMessage.EditScreen(messageId, new Screen(text, null));

    private static string Text(OutboundMessage message) => message switch
    {
        OutboundMessage.SendScreen s => s.Screen.Html,
        OutboundMessage.EditScreen e => e.Screen.Html,
        _ => message.GetType().Name,
    };

    private IActorRef Outbox(OutboxSettings? settings = null)
    {
        var (port, outboxSettings, clock) = (_port, settings ?? OutboxSettings.Default, _clock);
        return Sys.ActorOf(Props.Create(() => new OutboxActor(port, outboxSettings, clock)));
    }

    /// <summary>Waits until the outbox has handled everything told to it before: a callback answer goes out at once.</summary>
    private void Settle(IActorRef outbox)
    {
        var id = "marker-" + ++_marker;
        outbox.Tell(new Deliver(-1, new OutboundMessage.AnswerCallback(id), Id(id)), _markers);
        _markers.ExpectMsg<Delivered>(d => d.DeliveryId.OrderId == id);
    }

    private void Advance(IActorRef outbox, TimeSpan by)
    {
        Settle(outbox);
        _clock.Advance(by);
        ((TestScheduler)Sys.Scheduler).Advance(by);
    }

    private List<Delivered> Expect(int count) => Enumerable.Range(0, count).Select(_ => ExpectMsg<Delivered>()).ToList();

    [Fact]
    public void Replies_to_300_chats_all_go_out_at_once_with_no_bot_wide_cap()
    {
        var outbox = Outbox();
        for (var turn = 0; turn < 3; turn++)
        {
            for (var chat = 1; chat <= 300; chat++) outbox.Tell(new Deliver(chat, Screen($"screen {turn}"), Id($"{chat}-{turn}")), TestActor);
        }

        // The clock never moves: a bot-wide bucket of any size under 900 a moment would hold some of these back for ever.
        var replies = Expect(900);
        Assert.All(replies, r => Assert.IsType<SendOutcome.Sent>(r.Outcome));
        Assert.Equal(900, _port.Sends.Count);
    }

    [Fact]
    public void A_chat_pace_raised_in_the_settings_lets_a_chat_get_more_at_once()
    {
        var outbox = Outbox(new OutboxSettings(ChatPerSecond: 100, ChatBurst: 10));
        for (var i = 0; i < 12; i++) outbox.Tell(new Deliver(1, Screen("m" + i), Id("d" + i)), TestActor);

        Expect(10); // the raised burst; Telegram's default would have let 3 go
        Settle(outbox);
        Assert.Equal(10, _port.TextsTo(1).Count);
        Advance(outbox, TimeSpan.FromMilliseconds(20)); // two more at 100 a second
        Expect(2);
    }

    [Fact]
    public void A_drain_is_answered_only_after_every_queued_send_went_out()
    {
        var outbox = Outbox();
        for (var i = 0; i < 5; i++) outbox.Tell(new Deliver(1, Screen("m" + i), Id("d" + i)), TestActor);
        Expect(3); // the burst; two more wait for the chat's pace
        var drain = CreateTestProbe();
        outbox.Tell(DrainOutbox.Instance, drain);
        Settle(outbox);
        drain.ExpectNoMsg(TimeSpan.Zero); // nothing was waited for: the drain's answer would be in the probe already

        Advance(outbox, TimeSpan.FromSeconds(1));
        ExpectMsg<Delivered>();
        Settle(outbox);
        drain.ExpectNoMsg(TimeSpan.Zero);
        Advance(outbox, TimeSpan.FromSeconds(1));
        ExpectMsg<Delivered>();
        drain.ExpectMsg<OutboxDrained>();
        Assert.Equal(5, _port.TextsTo(1).Count);
    }

    [Fact]
    public void A_drain_of_an_idle_outbox_is_answered_at_once()
    {
        var drain = CreateTestProbe();
        Outbox().Tell(DrainOutbox.Instance, drain);
        drain.ExpectMsg<OutboxDrained>();
    }

    [Fact]
    public void A_chats_replies_go_in_order_a_burst_of_three_then_one_a_second()
    {
        var outbox = Outbox();
        for (var i = 0; i < 5; i++) outbox.Tell(new Deliver(1, Screen("m" + i), Id("d" + i)), TestActor);

        Assert.Equal(["d0", "d1", "d2"], Expect(3).Select(r => r.DeliveryId.OrderId));
        Settle(outbox);
        Assert.Equal(3, _port.TextsTo(1).Count);

        Advance(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal("d3", ExpectMsg<Delivered>().DeliveryId.OrderId);
        Advance(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal("d4", ExpectMsg<Delivered>().DeliveryId.OrderId);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], _port.TextsTo(1));
    }

    [Fact]
    public void Status_edits_of_one_message_coalesce_so_a_busy_chat_sends_only_the_newest_and_every_sender_hears()
    {
        var outbox = Outbox();
        for (var i = 0; i < 3; i++) outbox.Tell(new Deliver(1, Screen("screen " + i), Id("s" + i)), TestActor);
        Expect(3);
        for (var i = 1; i <= 5; i++) outbox.Tell(new Deliver(1, Edit(42, $"progress {i * 20}%"), Id("e" + i), TrafficClass.StatusEdit), TestActor);

        Advance(outbox, TimeSpan.FromSeconds(1));
        var edits = Expect(5);
        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], edits.Select(e => e.DeliveryId.OrderId).Order(StringComparer.Ordinal));
        Assert.All(edits, e => Assert.IsType<SendOutcome.Sent>(e.Outcome));
        Settle(outbox);
        Assert.Equal(["screen 0", "screen 1", "screen 2", "progress 100%"], _port.TextsTo(1));
    }

    [Fact]
    public void Replies_overtake_status_edits_and_results_queued_before_them_in_the_same_chat()
    {
        var outbox = Outbox();
        for (var i = 0; i < 3; i++) outbox.Tell(new Deliver(1, Screen("screen " + i), Id("s" + i)), TestActor);
        Expect(3);
        outbox.Tell(new Deliver(1, Edit(42, "status: ready"), Id("status"), TrafficClass.StatusEdit), TestActor);
        outbox.Tell(new Deliver(1, Screen("your results"), Id("result"), TrafficClass.Result), TestActor);
        outbox.Tell(new Deliver(1, Screen("menu"), Id("menu")), TestActor);

        var order = new List<string>();
        for (var second = 0; second < 3; second++)
        {
            Advance(outbox, TimeSpan.FromSeconds(1));
            order.Add(ExpectMsg<Delivered>().DeliveryId.OrderId);
        }

        Assert.Equal(["menu", "status", "result"], order);
    }

    [Fact]
    public void A_429_on_one_chat_pauses_that_chat_only_and_the_same_message_goes_after_retry_after()
    {
        var outbox = Outbox();
        _port.Then(7, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(5)));
        EventFilter.Warning(contains: "asked to wait").ExpectOne(() => outbox.Tell(new Deliver(7, Screen("hello"), Id("hello")), TestActor));

        outbox.Tell(new Deliver(8, Screen("other chat"), Id("other")), TestActor);
        Assert.Equal("other", ExpectMsg<Delivered>().DeliveryId.OrderId);

        Advance(outbox, TimeSpan.FromSeconds(4));
        Settle(outbox);
        Assert.Equal(["hello"], _port.TextsTo(7));

        Advance(outbox, TimeSpan.FromSeconds(1));
        var hello = ExpectMsg<Delivered>();
        Assert.Equal("hello", hello.DeliveryId.OrderId);
        Assert.IsType<SendOutcome.Sent>(hello.Outcome);
        Assert.Equal(["hello", "hello"], _port.TextsTo(7));
    }

    [Fact]
    public void A_global_429_seen_in_several_chats_at_once_pauses_every_chat()
    {
        var outbox = Outbox();
        for (var chat = 1; chat <= 3; chat++) _port.Then(chat, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(10)));
        EventFilter.Warning(contains: "several chats at once").ExpectOne(() =>
        {
            for (var chat = 1; chat <= 3; chat++) outbox.Tell(new Deliver(chat, Screen("flooded"), Id("flooded-" + chat)), TestActor);
        });

        outbox.Tell(new Deliver(4, Screen("elsewhere"), Id("elsewhere")), TestActor);
        Advance(outbox, TimeSpan.FromSeconds(9));
        Settle(outbox);
        Assert.Empty(_port.TextsTo(4));

        Advance(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal("elsewhere", ExpectMsg<Delivered>().DeliveryId.OrderId);

        // The flooded chats wait one more second: the flood also halved the replies' pace, and their one token is not enough.
        Advance(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal(["flooded-1", "flooded-2", "flooded-3"], Expect(3).Select(d => d.DeliveryId.OrderId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Repeated_429s_halve_the_class_rate_for_every_chat_and_it_recovers_without_them()
    {
        var outbox = Outbox();
        _port.Then(5, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)), new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)));
        EventFilter.Warning(contains: "asked to wait").ExpectOne(() => outbox.Tell(new Deliver(5, Screen("x"), Id("x")), TestActor));
        EventFilter.Warning(contains: "Repeated 429s").ExpectOne(() => Advance(outbox, TimeSpan.FromSeconds(1)));
        Advance(outbox, TimeSpan.FromSeconds(2));
        Assert.Equal("x", ExpectMsg<Delivered>().DeliveryId.OrderId);

        // Half the pace: a fresh chat's full bucket of 3 now holds one reply, and the next takes 2 s to refill.
        for (var i = 0; i < 3; i++) outbox.Tell(new Deliver(6, Screen("slow " + i), Id("slow" + i)), TestActor);
        Assert.Equal("slow0", ExpectMsg<Delivered>().DeliveryId.OrderId);
        Settle(outbox);
        Assert.Single(_port.TextsTo(6));
        Advance(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal("slow1", ExpectMsg<Delivered>().DeliveryId.OrderId);

        // Some 50 s without a 429 bring it back to full pace: a burst of 3 again.
        Advance(outbox, TimeSpan.FromSeconds(60));
        Assert.Equal("slow2", ExpectMsg<Delivered>().DeliveryId.OrderId);
        for (var i = 0; i < 3; i++) outbox.Tell(new Deliver(9, Screen("fast " + i), Id("fast" + i)), TestActor);
        Assert.Equal(["fast0", "fast1", "fast2"], Expect(3).Select(d => d.DeliveryId.OrderId));
    }

    [Fact]
    public void Bulk_goes_at_this_nodes_share_of_the_clusters_budget_while_replies_do_not_wait_for_it()
    {
        var outbox = Outbox(new OutboxSettings(BulkPerSecond: 4));
        outbox.Tell(new ClusterSizeChanged(2));
        for (var chat = 1; chat <= 10; chat++) outbox.Tell(new Deliver(chat, Screen("news"), Id("news-" + chat), TrafficClass.Bulk), TestActor);

        Assert.Equal(["news-1", "news-2"], Expect(2).Select(d => d.DeliveryId.OrderId).Order(StringComparer.Ordinal));
        outbox.Tell(new Deliver(50, Screen("menu"), Id("menu")), TestActor);
        Assert.Equal("menu", ExpectMsg<Delivered>().DeliveryId.OrderId);
        Settle(outbox);
        Assert.Equal(3, _port.Sends.Count(s => s.Message.IsRateLimited));

        Advance(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal(["news-3", "news-4"], Expect(2).Select(d => d.DeliveryId.OrderId).Order(StringComparer.Ordinal));
        Settle(outbox);
        Assert.Equal(5, _port.Sends.Count(s => s.Message.IsRateLimited));
    }

    [Fact]
    public void A_403_fails_the_message_and_everything_queued_behind_it_for_that_chat_only()
    {
        var outbox = Outbox();
        _port.Then(9, new SendOutcome.Blocked("Forbidden: bot was blocked by the user"));
        outbox.Tell(new Deliver(9, Screen("a"), Id("a")), TestActor);
        outbox.Tell(new Deliver(9, Edit(42, "b"), Id("b"), TrafficClass.StatusEdit), TestActor);
        outbox.Tell(new Deliver(9, Screen("c"), Id("c"), TrafficClass.Result), TestActor);

        var replies = Expect(3);
        Assert.All(replies, r => Assert.IsType<SendOutcome.Blocked>(r.Outcome));
        Assert.Single(_port.TextsTo(9));

        outbox.Tell(new Deliver(10, Screen("other chat"), Id("x")), TestActor);
        Assert.IsType<SendOutcome.Sent>(ExpectMsg<Delivered>().Outcome);
    }

    [Fact]
    public void A_callback_answer_is_not_queued_behind_a_chats_paused_messages()
    {
        var outbox = Outbox();
        _port.Then(3, new SendOutcome.RetryAfter(TimeSpan.FromSeconds(5)));
        EventFilter.Warning(contains: "asked to wait").ExpectOne(() => outbox.Tell(new Deliver(3, Screen("paused"), Id("slow")), TestActor));

        outbox.Tell(new Deliver(3, new OutboundMessage.AnswerCallback("q1"), Id("answer")), TestActor);
        Assert.Equal("answer", ExpectMsg<Delivered>().DeliveryId.OrderId);
    }

    [Fact]
    public void Transient_failures_are_retried_with_backoff_before_the_sender_hears_of_them()
    {
        var outbox = Outbox();
        _port.Then(4, new SendOutcome.Transient("502"), new SendOutcome.Transient("timeout"));
        EventFilter.Warning(contains: "failed for now").ExpectOne(() => outbox.Tell(new Deliver(4, Screen("x"), Id("x")), TestActor));
        EventFilter.Warning(contains: "failed for now").ExpectOne(() => Advance(outbox, TimeSpan.FromSeconds(1)));
        Advance(outbox, TimeSpan.FromSeconds(2));

        Assert.IsType<SendOutcome.Sent>(ExpectMsg<Delivered>().Outcome);
        Assert.Equal(3, _port.TextsTo(4).Count);
    }
}
