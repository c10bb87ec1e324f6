using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Actors.Housekeeping;

/// <summary>
/// Retention, once per cluster (a cluster singleton that moves with its node). Every <see cref="HousekeepingSettings.Every"/>
/// and on an operator's request it runs each <see cref="IRetentionTarget"/> in turn, logs and persists what they removed,
/// and keeps that as the last result; each target's checkpoint is persisted with it, so a run after a move or a restart
/// carries on where the last one stopped. Its own journal stays one snapshot long.
/// </summary>
#pragma warning disable CA1001 // the run's token source is cancelled and disposed in PostStop, the actor's end of life
public sealed class HousekeepingActor : ReceivePersistentActor, IWithTimers
#pragma warning restore CA1001
{
    public const string PersistenceIdValue = "housekeeping";
    private const string RunTimer = "run";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HousekeepingSettings _settings;
    private readonly IReadOnlyList<IRetentionTarget> _targets;
    private readonly TimeProvider _time;
    private readonly List<IActorRef> _waiting = [];
    private readonly DateTimeOffset _startedAt;
    private HousekeepingState _state = HousekeepingState.Empty;
    private CancellationTokenSource? _running;

    public HousekeepingActor(HousekeepingSettings settings, IReadOnlyList<IRetentionTarget> targets, TimeProvider time)
    {
        _settings = settings;
        _targets = targets;
        _time = time;
        _startedAt = time.GetUtcNow();

        Recover<SnapshotOffer>(offer => _state = (HousekeepingState)offer.Snapshot);
        Recover<HousekeepingRunCompleted>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => ScheduleNextRun());

        Command<RunHousekeepingNow>(_ => StartRun(Sender));
        Command<ScheduledRun>(_ => StartRun(null));
        Command<GetHousekeepingStatus>(_ => Sender.Tell(new HousekeepingStatus(
            ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString(), _running is not null, _state.LastRun, NextRunAt, _settings.Every, _settings.JobGrace)));
        Command<RunFinished>(OnRunFinished);
        Command<SaveSnapshotSuccess>(success =>
        {
            DeleteMessages(success.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failure => _log.Warning("Housekeeping snapshot failed: {Reason}", failure.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _log.Warning("Housekeeping could not delete its old events: {Reason}", failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("Housekeeping could not delete its old snapshots: {Reason}", failure.Cause.Message));
    }

    public static Props Props(HousekeepingSettings settings, IReadOnlyList<IRetentionTarget> targets, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new HousekeepingActor(settings, targets, time ?? TimeProvider.System));

    public override string PersistenceId => PersistenceIdValue;

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset NextRunAt => HousekeepingSchedule.NextRunAt(_state.LastRun?.FinishedAt, _startedAt, _settings.Every);

    protected override void PostStop()
    {
        _running?.Cancel();
        _running?.Dispose();
        base.PostStop();
    }

    private void ScheduleNextRun() =>
        Timers.StartSingleTimer(RunTimer, ScheduledRun.Instance, HousekeepingSchedule.DelayUntil(NextRunAt, _time.GetUtcNow()));

    private void StartRun(IActorRef? requester)
    {
        if (requester is not null && !requester.IsNobody())
        {
            _waiting.Add(requester);
        }

        if (_running is not null)
        {
            return; // the run under way answers every request that came meanwhile
        }

        Timers.Cancel(RunTimer);
        _running = new CancellationTokenSource();
        var system = Context.System;
        var settings = _settings;
        var targets = _targets;
        var time = _time;
        var state = _state;
        var token = _running.Token;
        _log.Info("Housekeeping run started ({Targets})", string.Join(", ", targets.Select(t => t.Name)));
        RunTargetsAsync().PipeTo(Self, success: finished => finished);

        async Task<RunFinished> RunTargetsAsync()
        {
            var startedAt = time.GetUtcNow();
            var counts = new List<RetentionCount>();
            var checkpoints = new List<RetentionCheckpoint>();
            foreach (var target in targets)
            {
                RetentionRun run;
                try
                {
                    run = await target.RunAsync(new RetentionContext(system, settings, time.GetUtcNow(), state.CheckpointOf(target.Name)), token);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    run = new RetentionRun(new RetentionCount(target.Name, 0, 0, e.GetBaseException().Message), state.CheckpointOf(target.Name));
                }

                counts.Add(run.Count);
                checkpoints.Add(new RetentionCheckpoint(target.Name, run.Checkpoint));
            }

            return new RunFinished(new HousekeepingRunCompleted(new HousekeepingRunReport(startedAt, time.GetUtcNow(), counts), checkpoints));
        }
    }

    private void OnRunFinished(RunFinished finished)
    {
        Persist(finished.Completed, completed =>
        {
            _state = _state.Apply(completed);
            _running?.Dispose();
            _running = null;
            var report = completed.Report;
            foreach (var count in report.Removed)
            {
                if (count.Failure is null)
                    _log.Info("Housekeeping removed {Removed} from {Target} ({EventsRemoved} journal events)", count.Removed, count.Target, count.EventsRemoved);
                else
                    _log.Warning("Housekeeping removed {Removed} from {Target} ({EventsRemoved} journal events), then stopped: {Failure}", count.Removed, count.Target, count.EventsRemoved, count.Failure);
            }

            _log.Info("Housekeeping run finished in {ElapsedMs} ms: {TotalRemoved} removed; next run at {NextRunAt:u}", (long)(report.FinishedAt - report.StartedAt).TotalMilliseconds, report.TotalRemoved, NextRunAt.UtcDateTime);
            foreach (var requester in _waiting)
            {
                requester.Tell(report);
            }

            _waiting.Clear();
            SaveSnapshot(_state);
            ScheduleNextRun();
        });
    }

    private sealed class ScheduledRun
    {
        public static readonly ScheduledRun Instance = new();
    }

    private sealed record RunFinished(HousekeepingRunCompleted Completed);
}
