using System.Collections.Concurrent;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.Gateway;

public sealed class TelegramPollerActorTests : TestKit
{
    private static readonly PollerOptions Fast = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

    /// <summary>Serves scripted batches; with nothing scripted it holds the poll like Telegram does. Records every offset asked for.</summary>
    private sealed class ScriptedSource : IUpdateSource
    {
        public ConcurrentQueue<IReadOnlyList<(long, IncomingUpdate?)>> Batches { get; } = new();

        public BlockingCollection<long> Offsets { get; } = [];

        public async Task<IReadOnlyList<(long UpdateId, IncomingUpdate? Update)>> FetchAsync(long offset, TimeSpan longPoll, CancellationToken cancel)
        {
            Offsets.Add(offset, cancel);
            if (Batches.TryDequeue(out var batch)) return batch;
            await Task.Delay(longPoll, cancel);
            return [];
        }

        /// <summary>The next offset asked for that differs from <paramref name="except"/> (polls of an empty queue repeat it).</summary>
        public long NextOffsetOtherThan(long except)
        {
            while (true)
            {
                Assert.True(Offsets.TryTake(out var offset, TimeSpan.FromSeconds(10)), "no further getUpdates");
                if (offset != except) return offset;
            }
        }
    }

    private static IncomingUpdate Text(long updateId, long userId, string text) =>
        new(updateId, userId, userId, true, UpdateKind.Text, "Ann", "en", Text: text);

    [Fact]
    public void Offsets_move_past_a_batch_only_after_its_updates_are_accepted_ignored_ones_included()
    {
        var source = new ScriptedSource();
        source.Batches.Enqueue([(10, Text(10, 1, "hi")), (11, null), (12, Text(12, 2, "yo"))]);
        var region = CreateTestProbe();
        Sys.ActorOf(TelegramPollerWiring.Props(source, region.Ref, Fast));

        var first = region.ExpectMsg<HandleUpdate>();
        var firstAsker = region.LastSender;
        var second = region.ExpectMsg<HandleUpdate>();
        var secondAsker = region.LastSender;
        Assert.Equal([1L, 2L], new[] { first.UserId, second.UserId });
        Assert.Equal(0, source.Offsets.Take());

        firstAsker.Tell(new UpdateAccepted(10, false), Akka.Actor.ActorRefs.NoSender);
        Assert.False(source.Offsets.TryTake(out _, TimeSpan.FromMilliseconds(100)), "polled again before the whole batch was accepted");
        secondAsker.Tell(new UpdateAccepted(12, false), Akka.Actor.ActorRefs.NoSender);

        Assert.Equal(13, source.NextOffsetOtherThan(0));
    }

    [Fact]
    public void A_batch_not_accepted_in_time_is_fetched_again_from_the_same_offset()
    {
        var source = new ScriptedSource();
        source.Batches.Enqueue([(20, Text(20, 1, "once"))]);
        source.Batches.Enqueue([(20, Text(20, 1, "once"))]);
        var region = CreateTestProbe();
        Sys.ActorOf(TelegramPollerWiring.Props(source, region.Ref, Fast));

        Assert.Equal(20, region.ExpectMsg<HandleUpdate>().Update.UpdateId);
        Assert.Equal(0, source.Offsets.Take());
        // No answer: after the accept timeout and a short pause the same offset is asked for again.
        Assert.Equal(0, source.Offsets.Take());
        Assert.Equal(20, region.ExpectMsg<HandleUpdate>().Update.UpdateId);
        region.Reply(new UpdateAccepted(20, false));
        Assert.Equal(21, source.NextOffsetOtherThan(0));
    }

    [Fact]
    public void Retry_delays_double_from_the_first_up_to_the_cap()
    {
        var options = new PollerOptions(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(f => options.RetryDelay(f).TotalSeconds));
    }
}
