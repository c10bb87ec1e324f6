using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.Gateway;

public sealed class TelegramPollerActorTests : TestKit
{
    /// <summary>The users' actors answer when the test says so, never too late: a batch cannot time out on a slow machine.</summary>
    private static readonly PollerOptions Patient = new(TimeSpan.FromSeconds(25), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

    /// <summary>An unanswered batch times out quickly, so the test sees the redelivery; the test answers every redelivery.</summary>
    private static readonly PollerOptions Impatient = Patient with { AcceptTimeout = TimeSpan.FromMilliseconds(300) };

    /// <summary>
    /// Serves updates as Telegram does: every fetch gets all updates from the offset on (so a batch not confirmed comes
    /// again), and with nothing new the poll is held until the poller stops. Records every offset asked for, in order.
    /// </summary>
    private sealed class TelegramLikeSource(params (long UpdateId, IncomingUpdate? Update)[] updates) : IUpdateSource
    {
        public BlockingCollection<long> Offsets { get; } = [];

        public async Task<IReadOnlyList<(long UpdateId, IncomingUpdate? Update)>> FetchAsync(long offset, TimeSpan longPoll, CancellationToken cancel)
        {
            Offsets.Add(offset, cancel);
            var pending = updates.Where(u => u.UpdateId >= offset).ToList();
            if (pending.Count > 0) return pending;
            await Task.Delay(Timeout.InfiniteTimeSpan, cancel);
            return [];
        }

        public long NextOffset()
        {
            Assert.True(Offsets.TryTake(out var offset, TimeSpan.FromSeconds(30)), "no further getUpdates");
            return offset;
        }
    }

    private static IncomingUpdate Text(long updateId, long userId, string text) =>
        new(updateId, userId, userId, true, UpdateKind.Text, "Ann", "en", Text: text);

    [Fact]
    public void Offsets_move_past_a_batch_only_after_its_updates_are_accepted_ignored_ones_included()
    {
        var source = new TelegramLikeSource((10, Text(10, 1, "hi")), (11, null), (12, Text(12, 2, "yo")));
        var region = CreateTestProbe();
        Sys.ActorOf(TelegramPollerWiring.Props(source, region.Ref, Patient));

        var first = region.ExpectMsg<HandleUpdate>();
        var firstAsker = region.LastSender;
        var second = region.ExpectMsg<HandleUpdate>();
        var secondAsker = region.LastSender;
        Assert.Equal([1L, 2L], new[] { first.UserId, second.UserId });
        Assert.Equal(0, source.NextOffset());

        firstAsker.Tell(new UpdateAccepted(10, false), ActorRefs.NoSender);
        secondAsker.Tell(new UpdateAccepted(12, false), ActorRefs.NoSender);

        // The poll after the first batch is the one past it: a poll on a partly accepted batch would have asked for
        // offset 0 again in between (and brought the batch a second time).
        Assert.Equal(13, source.NextOffset());
        Assert.Empty(source.Offsets);
        region.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_batch_not_accepted_in_time_is_fetched_again_from_the_same_offset()
    {
        var source = new TelegramLikeSource((20, Text(20, 1, "once")));
        var region = CreateTestProbe();
        Sys.ActorOf(TelegramPollerWiring.Props(source, region.Ref, Impatient));

        Assert.Equal(20, region.ExpectMsg<HandleUpdate>(TimeSpan.FromSeconds(30)).Update.UpdateId);
        Assert.Equal(0, source.NextOffset());

        // No answer: after the accept timeout and a short pause the same offset is asked for again and the update comes
        // again. Every redelivery is answered from now on (one answered after the timeout just brings another).
        Assert.Equal(0, source.NextOffset());
        long next;
        do
        {
            Assert.Equal(20, region.ExpectMsg<HandleUpdate>(TimeSpan.FromSeconds(30)).Update.UpdateId);
            region.Reply(new UpdateAccepted(20, false));
            next = source.NextOffset();
        }
        while (next == 0);

        Assert.Equal(21, next);
    }

    [Fact]
    public void Retry_delays_double_from_the_first_up_to_the_cap()
    {
        var options = new PollerOptions(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(f => options.RetryDelay(f).TotalSeconds));
    }
}
