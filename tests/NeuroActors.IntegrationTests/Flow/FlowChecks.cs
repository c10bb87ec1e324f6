using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Credits;
using CreditsGranted = NeuroActors.Domain.Credits.CreditsGranted;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>What the flow tests check after the dust settles: the journal's ledger, the chat's results, the jobs' states.</summary>
public static class FlowChecks
{
    /// <summary>The user's ledger events as the journal holds them (read through the node's read journal).</summary>
    public static async Task<IReadOnlyList<LedgerEvent>> LedgerEventsAsync(TestNode node, long userId)
    {
        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId("user-" + userId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
        return events.Select(e => e.Event).OfType<LedgerRecorded>().Select(r => r.Event).ToList();
    }

    /// <summary>
    /// Every reservation was captured or released exactly once, nothing is reserved any more, and the balance is what the
    /// journal adds up to: grants (welcome included) minus captures.
    /// </summary>
    public static async Task<UserStateReply> AssertLedgerSettledAsync(TestNode node, FlowUser user)
    {
        var state = await user.SettledStateAsync(node);

        var events = await LedgerEventsAsync(node, user.Id);
        var reserved = events.OfType<CreditsReserved>().Select(r => r.RequestId).ToList();
        Assert.Equal(reserved.Count, reserved.Distinct().Count());
        foreach (var requestId in reserved)
        {
            var settlements = events.Count(e => (e as CreditsCaptured)?.RequestId == requestId || (e as CreditsReleased)?.RequestId == requestId);
            Assert.True(settlements == 1, $"reservation {requestId} of user {user.Id} was settled {settlements} times");
        }

        var granted = events.OfType<CreditsGranted>().Sum(g => g.Amount);
        var captured = events.OfType<CreditsCaptured>().Sum(c => c.Amount);
        Assert.Equal(granted - captured, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Empty(state.OpenOrders);
        return state;
    }

    /// <summary>Captures in the journal, per request id.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> CapturesAsync(TestNode node, long userId) =>
        (await LedgerEventsAsync(node, userId)).OfType<CreditsCaptured>().GroupBy(c => c.RequestId).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// The result photos of an order in the chat: a single photo captioned with its request id, or an album whose first
    /// photo is (the others of an album carry no caption).
    /// </summary>
    public static IReadOnlyList<TranscriptMessage> ResultPhotos(IReadOnlyList<TranscriptMessage> messages, string orderId)
    {
        var tag = "#" + orderId + "-";
        var photos = messages.Where(m => m.Media?.Kind == "photo").ToList();
        var albums = photos.Where(p => p.MediaGroupId is not null && p.Caption?.Contains(tag, StringComparison.Ordinal) == true)
            .Select(p => p.MediaGroupId).ToHashSet();
        return photos.Where(p => (p.MediaGroupId is { } group && albums.Contains(group)) || (p.MediaGroupId is null && p.Caption?.Contains(tag, StringComparison.Ordinal) == true)).ToList();
    }

    /// <summary>The order's closing messages ("Ready" or the failure notice); exactly one is expected.</summary>
    public static int ClosingCount(IReadOnlyList<TranscriptMessage> messages, string orderId) =>
        messages.Count(m => FlowUser.IsClosing(m, orderId));

    public static Task<JobStatusReply> JobAsync(TestNode node, string requestId) =>
        node.AskRegionAsync<JobRegion, JobStatusReply>(new GetJobStatus(requestId));

    /// <summary>
    /// Waits until every variant's job of the order is settled: its user acknowledged the outcome, so the job reports no
    /// more (nothing later can come from it).
    /// </summary>
    public static async Task WaitForJobsSettledAsync(TestNode node, string orderId, int variants)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        for (var index = 1; index <= variants; index++)
        {
            var requestId = $"{orderId}-{index}";
            while ((await JobAsync(node, requestId)).Phase != nameof(JobPhase.Settled))
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new TimeoutException($"Job {requestId} never settled: {await JobAsync(node, requestId)}");
                }

                await Task.Delay(100);
            }
        }
    }
}
