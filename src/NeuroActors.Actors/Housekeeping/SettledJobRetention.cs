using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Jobs;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Actors.Housekeeping;

/// <summary>
/// Removes the journal events and snapshots of jobs that settled (<see cref="JobReported"/>: the order reached the chat
/// and the user acknowledged) more than <see cref="HousekeepingSettings.JobGrace"/> ago.
/// <para>
/// It reads the journal in its global order (Persistence.Query's current-all-events, from the checkpoint of the last run)
/// and stops at the first event written after the cutoff, so each run reads only what was written since the previous
/// cutoff. A job is found by its own <see cref="JobReported"/>, the last event a job ever writes: a job without one (open,
/// or finished but not delivered) is never touched, whatever its age. Deletion goes through the journal's and the
/// snapshot store's own protocol (<see cref="DeleteMessagesTo"/>, <see cref="DeleteSnapshots"/>), the same calls a
/// persistent actor makes for itself, so the plugin's rules hold on SQLite and PostgreSQL alike (it keeps the highest
/// sequence number, so a job woken later can never reuse one). The settled job itself is not woken: waking it through
/// its shard would only remember it again. Sharding's remembered entities need nothing: a settled job passivates, which
/// already removed it from its shard's remembered set (those journals are bounded by sharding's own snapshots).
/// </para>
/// </summary>
public sealed class SettledJobRetention : IRetentionTarget
{
    public const string TargetName = "settled-jobs";
    private const string JobPrefix = "job-";
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(30);

    private readonly IJournalConsumers? _consumers;
    private readonly ReadSideStore? _journal;
    private (ActorSystem System, IMaterializer Materializer)? _streams;

    public SettledJobRetention()
    {
    }

    /// <param name="consumers">Holds the scan back to what the journal's readers (the read side) have consumed.</param>
    /// <param name="journal">Reads the journal with <see cref="JournalFeed"/>'s queries, not the plugin's (which scan the whole tag table per row).</param>
    public SettledJobRetention(IJournalConsumers consumers, ReadSideStore journal)
    {
        _consumers = consumers;
        _journal = journal;
    }

    public string Name => TargetName;

    /// <summary>
    /// One materializer for every run of this node, never disposed: each new one is an actor that lives as long as the
    /// system, and disposing one also stopped the read journal's later queries.
    /// </summary>
    private IMaterializer MaterializerFor(ActorSystem system)
    {
        if (_streams is { } streams && streams.System == system)
        {
            return streams.Materializer;
        }

        var materializer = system.Materializer(namePrefix: "housekeeping");
        _streams = (system, materializer);
        return materializer;
    }

    public async Task<RetentionRun> RunAsync(RetentionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var system = context.System;
        var cutoff = SettledJobRetentionRule.Cutoff(context.Now, context.Settings.JobGrace);
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var snapshots = Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        var query = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var checkpoint = context.Checkpoint;
        long jobs = 0, events = 0;
        var materializer = MaterializerFor(system);
        try
        {
            var consumedThrough = _consumers is null ? long.MaxValue : await _consumers.ConsumedThroughAsync(cancellationToken);
            var journalEvents = _journal is null
                ? query.CurrentAllEvents(Offset.Sequence(checkpoint))
                : new JournalFeed(_journal, system.Serialization, TimeProvider.System).Current(checkpoint, tag: null);
            await journalEvents
                .Where(e => e.Offset is Sequence s && s.Value > context.Checkpoint)
                // Nothing the read side has not projected yet: the scan stops there and the next run carries on.
                .TakeWhile(e => ((Sequence)e.Offset).Value <= consumedThrough)
                // Everything before the first event written after the cutoff; a settlement after the cutoff stops the
                // scan too, whatever the write time says (the event's own time is the rule, the write time only a bound).
                .TakeWhile(e => WrittenAt(e) <= cutoff && !(e.Event is JobReported late && !SettledJobRetentionRule.IsDue(late.At, context.Now, context.Settings.JobGrace)))
                .SelectAsync(1, async envelope =>
                {
                    if (envelope.Event is JobReported && envelope.PersistenceId.StartsWith(JobPrefix, StringComparison.Ordinal))
                    {
                        await DeleteJobAsync(journal, snapshots, envelope.PersistenceId, envelope.SequenceNr, cancellationToken);
                        jobs++;
                        events += envelope.SequenceNr; // a job's events are numbered from 1 and it deletes none itself
                    }

                    return ((Sequence)envelope.Offset).Value;
                })
                .RunForeach(position => checkpoint = position, materializer);
            return new RetentionRun(new RetentionCount(TargetName, jobs, events, null), checkpoint);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // What was deleted stays counted; the checkpoint stops before the job that failed, which the next run retries.
            return new RetentionRun(new RetentionCount(TargetName, jobs, events, e.GetBaseException().Message), checkpoint);
        }
    }

    private static async Task DeleteJobAsync(IActorRef journal, IActorRef snapshots, string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        var deleted = await journal.Ask<object>(replyTo => new DeleteMessagesTo(persistenceId, toSequenceNr, replyTo), DeleteTimeout, cancellationToken);
        if (deleted is DeleteMessagesFailure failure)
        {
            throw new InvalidOperationException($"the journal refused to delete the events of {persistenceId}: {failure.Cause.Message}", failure.Cause);
        }

        var snapshotsDeleted = await snapshots.Ask<object>(new DeleteSnapshots(persistenceId, new SnapshotSelectionCriteria(toSequenceNr)), DeleteTimeout, cancellationToken);
        if (snapshotsDeleted is DeleteSnapshotsFailure snapshotFailure)
        {
            throw new InvalidOperationException($"the snapshot store refused to delete the snapshots of {persistenceId}: {snapshotFailure.Cause.Message}", snapshotFailure.Cause);
        }
    }

    /// <summary>When the event was written: Akka.Persistence.Sql stamps each row with the writer's UTC clock in .NET ticks.</summary>
    public static DateTimeOffset WrittenAt(EventEnvelope envelope) => WrittenAt(envelope.Timestamp);

    /// <summary>A journal row's <c>created</c> column (UTC ticks) as a time; an unknown stamp is <see cref="DateTimeOffset.MinValue"/>.</summary>
    public static DateTimeOffset WrittenAt(long ticks) =>
        ticks is > 0 and < 3155378975999999999 ? new DateTimeOffset(ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;
}
