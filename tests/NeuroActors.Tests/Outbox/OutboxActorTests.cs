using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.Outbox;

public sealed class OutboxActorTests : TestKit
{
    /// <summary>Answers each send from a script (default: sent), and records what was sent and when.</summary>
    private sealed class ScriptedPort : ITelegramSendPort
    {
        private readonly ConcurrentQueue<SendOutcome> _script = new();
        private long _nextId = 100;

        public ConcurrentQueue<(long ChatId, OutboundMessage Message, DateTimeOffset At)> Sends { get; } = new();

        public void Then(params SendOutcome[] outcomes)
        {
            foreach (var outcome in outcomes) _script.Enqueue(outcome);
        }

        public Task<SendOutcome> SendAsync(long chatId, OutboundMessage message, CancellationToken cancel)
        {
            Sends.Enqueue((chatId, message, DateTimeOffset.UtcNow));
            return Task.FromResult(_script.TryDequeue(out var scripted) ? scripted : new SendOutcome.Sent([Interlocked.Increment(ref _nextId)]));
        }
    }

    /// <summary>A send named by the test; the outbox only hands the id back.</summary>
    private static DeliveryId Id(string name) => DeliveryId.Closing(name);

    private static OutboundMessage Text(string text) => new OutboundMessage.SendScreen(new Screen(text, null));

    [Fact]
    public void A_chats_messages_are_sent_in_order_and_each_sender_hears_its_outcome()
    {
        var port = new ScriptedPort();
        var outbox = Sys.ActorOf(Props.Create(() => new OutboxActor(port)));
        for (var i = 0; i < 5; i++) outbox.Tell(new Deliver(1, Text("m" + i), Id("d" + i)), TestActor);

        var replies = Enumerable.Range(0, 5).Select(_ => ExpectMsg<Delivered>(TimeSpan.FromSeconds(10))).ToList();
        Assert.Equal(["d0", "d1", "d2", "d3", "d4"], replies.Select(r => r.DeliveryId.OrderId));
        Assert.All(replies, r => Assert.IsType<SendOutcome.Sent>(r.Outcome));
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], port.Sends.Select(s => ((OutboundMessage.SendScreen)s.Message).Screen.Html));
    }

    [Fact]
    public void When_the_bots_global_limit_is_the_bottleneck_the_oldest_waiting_message_goes_first_whatever_its_chat()
    {
        var port = new ScriptedPort();
        var outbox = Sys.ActorOf(Props.Create(() => new OutboxActor(port)));
        // 60 chats with one message each: the first 30 use up the bot's burst; then chats 1-30 write again.
        for (var chat = 1; chat <= 60; chat++) outbox.Tell(new Deliver(chat, Text("first"), Id($"{chat}-1")), TestActor);
        for (var chat = 1; chat <= 30; chat++) outbox.Tell(new Deliver(chat, Text("second"), Id($"{chat}-2")), TestActor);

        var replies = Enumerable.Range(0, 90).Select(_ => ExpectMsg<Delivered>(TimeSpan.FromSeconds(20))).ToList();
        var order = port.Sends.Select(s => (s.ChatId, Text: ((OutboundMessage.SendScreen)s.Message).Screen.Html)).ToList();
        var lastFirstOfLaterChats = order.FindLastIndex(s => s.ChatId > 30 && s.Text == "first");
        var firstSecond = order.FindIndex(s => s.Text == "second");
        Assert.Equal(90, replies.Count);
        Assert.True(lastFirstOfLaterChats < firstSecond, "chats 31-60 waited behind chats that wrote again later");
    }

    [Fact]
    public void A_429_pauses_the_chat_for_retry_after_and_the_same_message_goes_again()
    {
        var port = new ScriptedPort();
        port.Then(new SendOutcome.RetryAfter(TimeSpan.FromSeconds(1)));
        var outbox = Sys.ActorOf(Props.Create(() => new OutboxActor(port)));
        outbox.Tell(new Deliver(7, Text("hello"), Id("d1")), TestActor);

        var reply = ExpectMsg<Delivered>(TimeSpan.FromSeconds(10));
        Assert.IsType<SendOutcome.Sent>(reply.Outcome);
        var sends = port.Sends.ToArray();
        Assert.Equal(2, sends.Length);
        Assert.Equal(sends[0].Message, sends[1].Message);
        Assert.True(sends[1].At - sends[0].At >= TimeSpan.FromSeconds(0.9), "the second try waited for retry_after");
    }

    [Fact]
    public void A_403_fails_the_message_and_everything_queued_behind_it_for_that_chat_only()
    {
        var port = new ScriptedPort();
        port.Then(new SendOutcome.Blocked("Forbidden: bot was blocked by the user"));
        var outbox = Sys.ActorOf(Props.Create(() => new OutboxActor(port)));
        outbox.Tell(new Deliver(9, Text("a"), Id("a")), TestActor);
        outbox.Tell(new Deliver(9, Text("b"), Id("b")), TestActor);
        outbox.Tell(new Deliver(9, Text("c"), Id("c")), TestActor);

        var replies = Enumerable.Range(0, 3).Select(_ => ExpectMsg<Delivered>(TimeSpan.FromSeconds(10))).ToList();
        Assert.All(replies, r => Assert.IsType<SendOutcome.Blocked>(r.Outcome));
        Assert.Single(port.Sends);

        outbox.Tell(new Deliver(10, Text("other chat"), Id("x")), TestActor);
        Assert.IsType<SendOutcome.Sent>(ExpectMsg<Delivered>(TimeSpan.FromSeconds(10)).Outcome);
    }

    [Fact]
    public void A_callback_answer_is_not_queued_behind_a_chats_paused_messages()
    {
        var port = new ScriptedPort();
        port.Then(new SendOutcome.RetryAfter(TimeSpan.FromSeconds(5)));
        var outbox = Sys.ActorOf(Props.Create(() => new OutboxActor(port)));
        outbox.Tell(new Deliver(3, Text("paused"), Id("slow")), TestActor);
        AwaitCondition(() => port.Sends.Count == 1, TimeSpan.FromSeconds(5));

        outbox.Tell(new Deliver(3, new OutboundMessage.AnswerCallback("q1"), Id("answer")), TestActor);
        var first = ExpectMsg<Delivered>(TimeSpan.FromSeconds(2));
        Assert.Equal("answer", first.DeliveryId.OrderId);
    }

    [Fact]
    public void Transient_failures_are_retried_before_the_sender_hears_of_them()
    {
        var port = new ScriptedPort();
        port.Then(new SendOutcome.Transient("502"), new SendOutcome.Transient("timeout"));
        var outbox = Sys.ActorOf(Props.Create(() => new OutboxActor(port)));
        outbox.Tell(new Deliver(4, Text("x"), Id("x")), TestActor);
        Assert.IsType<SendOutcome.Sent>(ExpectMsg<Delivered>(TimeSpan.FromSeconds(15)).Outcome);
        Assert.Equal(3, port.Sends.Count);
    }
}
