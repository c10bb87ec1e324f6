using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Housekeeping;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Actors.Housekeeping;

/// <summary>
/// Ends the Stars subscriptions whose paid time is over without a renewal (a cancelled one, or one Telegram could not
/// charge): Telegram sends nothing when a subscription lapses, so someone has to notice the date. Each run reads the
/// journal's subscription events (<see cref="SubscriptionTag"/>: only paid periods and ends, not every user's events),
/// and asks the user of each subscription past its end date to end it; the user's own state decides (a renewal that
/// arrived meanwhile wins) and tells the user once. Why housekeeping and not a timer in the user actor: user actors
/// passivate after 10 idle minutes and are not remembered, so a timer would die with them; this singleton already runs on
/// a schedule and survives moves. A subscription ends at most <c>Housekeeping:Every</c> after its date (renewals come
/// near that date, so a little late is the kind side to err on). "removed" counts the subscriptions ended.
/// </summary>
public sealed class SubscriptionExpiry : IRetentionTarget
{
    public const string TargetName = "subscriptions";
    private const string UserPrefix = "user-";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private (ActorSystem System, IMaterializer Materializer)? _streams;

    private readonly ReadSideStore? _journal;

    public SubscriptionExpiry()
    {
    }

    /// <param name="journal">Reads the journal with <see cref="JournalFeed"/>'s queries, not the plugin's (which scan the whole tag table per row).</param>
    public SubscriptionExpiry(ReadSideStore journal) => _journal = journal;

    public string Name => TargetName;

    public async Task<RetentionRun> RunAsync(RetentionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var system = context.System;
        var scan = new SubscriptionExpiryScan(context.Checkpoint);
        long ended = 0;
        var endedUsers = new HashSet<long>();
        try
        {
            var events = _journal is null
                ? PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier).CurrentEventsByTag(SubscriptionTag.Tag, Offset.Sequence(context.Checkpoint))
                : new JournalFeed(_journal, system.Serialization, TimeProvider.System).Current(context.Checkpoint, SubscriptionTag.Tag);
            await events
                .Where(e => e.Offset is Sequence s && s.Value > context.Checkpoint)
                .RunForeach(envelope => Fold(scan, envelope), MaterializerFor(system));

            var due = scan.DueAt(context.Now);
            if (due.Count > 0)
            {
                var users = await ActorRegistry.For(system).GetAsync<UserRegion>(cancellationToken);
                foreach (var subscription in due)
                {
                    var answer = await users.Ask<SubscriptionExpiryChecked>(new ExpireSubscription(subscription.UserId, subscription.SubscriptionId), AskTimeout, cancellationToken);
                    if (!answer.StillRunning)
                    {
                        endedUsers.Add(subscription.UserId);
                    }

                    if (answer.Expired)
                    {
                        ended++;
                    }
                }
            }

            return new RetentionRun(new RetentionCount(TargetName, ended, 0, null), scan.NextCheckpoint(endedUsers));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing is lost: the checkpoint stays where it was and the next run asks again (ending is idempotent).
            return new RetentionRun(new RetentionCount(TargetName, ended, 0, e.GetBaseException().Message), context.Checkpoint);
        }
    }

    private static void Fold(SubscriptionExpiryScan scan, EventEnvelope envelope)
    {
        var offset = ((Sequence)envelope.Offset).Value;
        if (!envelope.PersistenceId.StartsWith(UserPrefix, StringComparison.Ordinal)
            || !long.TryParse(envelope.PersistenceId.AsSpan(UserPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return;
        }

        switch (envelope.Event)
        {
            case SubscriptionRecorded { Event: SubscriptionPaid paid }:
                scan.Paid(userId, paid.SubscriptionId, paid.ExpiresAt, offset);
                break;
            case SubscriptionRecorded { Event: SubscriptionExpired end }:
                scan.Ended(userId, end.SubscriptionId, offset);
                break;
        }
    }

    /// <summary>One materializer per node, never disposed (as <see cref="SettledJobRetention"/>'s, for the same reason).</summary>
    private IMaterializer MaterializerFor(ActorSystem system)
    {
        if (_streams is { } streams && streams.System == system)
        {
            return streams.Materializer;
        }

        var materializer = system.Materializer(namePrefix: "subscription-expiry");
        _streams = (system, materializer);
        return materializer;
    }
}
