using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Actors.Broadcasts;

/// <summary>
/// One broadcast, sharded by its id, persistent and remembered: after its node dies it starts again on a survivor and
/// carries on from its events. It lists its audience once (and keeps it), then hands the copies to the node's outbox at
/// the bulk budget, <see cref="BroadcastSettings.InFlight"/> at a time, and records each recipient's outcome after the
/// send; a copy whose send and record a crash separated goes again on recovery. Its progress message in the admin's
/// chat is edited in place, at most every <see cref="BroadcastSettings.ProgressEvery"/>, with pause, resume and stop.
/// </summary>
public sealed class BroadcastActor : ReceivePersistentActor, IWithTimers
{
    private const string ProgressTimer = "progress", AudienceTimer = "audience", StallTimer = "stall";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _id;
    private readonly BroadcastPorts _ports;
    private readonly IActorRef _outbox;
    private readonly IActorRef _users;
    private readonly ProgressPace _pace;
    private BroadcastState _state = new();
    private readonly HashSet<int> _inFlight = [];
    private OutboundMessage? _copy;
    private int _cursor; // every recipient before it has an outcome or is in flight
    private bool _listing, _posting, _progressStale, _handingOff;
    private DateTimeOffset? _lastEditAt;

    /// <param name="entityId">The broadcast id.</param>
    /// <param name="ports">What the node gives every broadcast.</param>
    /// <param name="outbox">This node's outbox.</param>
    /// <param name="users">The user shard region, told about recipients who blocked the bot.</param>
    public BroadcastActor(string entityId, BroadcastPorts ports, IActorRef outbox, IActorRef users)
    {
        _id = long.Parse(entityId, CultureInfo.InvariantCulture);
        _ports = ports;
        _outbox = outbox;
        _users = users;
        _pace = new ProgressPace(ports.Settings.ProgressEvery);
        PersistenceId = "broadcast-" + entityId;

        Recover<SnapshotOffer>(offer => _state = BroadcastState.From((BroadcastSnapshot)offer.Snapshot));
        Recover<IBroadcastEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Resume());

        Command<StartBroadcast>(OnStart);
        Command<ControlBroadcast>(OnControl);
        Command<GetBroadcastStatus>(_ =>
        {
            Sender.Tell(Status());
            if (!_state.Exists) Passivate(); // the question itself created the entity: nothing to remember
        });
        Command<ListAudience>(_ => List());
        Command<AudienceAnswered>(OnAudience);
        Command<AudienceFailed>(failed =>
        {
            _listing = false;
            _log.Warning("Broadcast {BroadcastId}: the read side could not list its audience ({Error}); asking again in {Delay}", _id, failed.Error, _ports.Settings.AudienceRetry);
            Timers.StartSingleTimer(AudienceTimer, ListAudience.Instance, _ports.Settings.AudienceRetry);
        });
        Command<Delivered>(OnDelivered);
        Command<ProgressDue>(_ => EditProgress());
        Command<Stalled>(_ => OnStalled());
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "Snapshot of broadcast {BroadcastId} failed", _id));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<HandOffBroadcast>(_ =>
        {
            _handingOff = true;
            StopWhenQuiet();
        });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _ports.Time.GetUtcNow();

    private BroadcastAccepted Accepted => _state.Accepted!;

    // ---------- start, control, resume ----------
    private void OnStart(StartBroadcast start)
    {
        if (_state.Exists)
        {
            Reply(); // a double-tapped confirm or a redelivered update: the broadcast runs once
            return;
        }

        Persist(new BroadcastAccepted(_id, start.AdminId, start.AdminChatId, start.Language, start.Content, start.Audience, Now), e =>
        {
            _state.Apply(e);
            _log.Info("Broadcast {BroadcastId} started by admin {AdminId} for audience {Audience}", _id, e.AdminId, e.Audience);
            PostProgress();
            List();
            Reply();
        });
    }

    private void OnControl(ControlBroadcast control)
    {
        var phase = _state.Phase;
        IBroadcastEvent? change = !_state.Exists || phase is BroadcastPhase.Stopped or BroadcastPhase.Finished
            ? null
            : control.Switch switch
            {
                BroadcastSwitch.Pause when !_state.Paused => new BroadcastPauseChanged(true, control.AdminId, Now),
                BroadcastSwitch.Resume when _state.Paused => new BroadcastPauseChanged(false, control.AdminId, Now),
                BroadcastSwitch.Stop => new BroadcastStopped(control.AdminId, Now),
                _ => null,
            };
        if (change is null)
        {
            Reply(); // pausing a paused broadcast, or a tap on an old message: nothing changes
            if (!_state.Exists) Passivate();
            return;
        }

        Persist(change, e =>
        {
            _state.Apply(e);
            _log.Info("Broadcast {BroadcastId}: admin {AdminId} switched it to {Phase} at {Done} of {Total}", _id, control.AdminId, _state.Phase, _state.Tally.Done, _state.Tally.Total);
            EditProgress();
            Reply();
            if (_state.Stopped) PassivateWhenQuiet();
            else Pump();
        });
    }

    /// <summary>After a restart or a move to another node: carry on from where the events say the broadcast stood.</summary>
    private void Resume()
    {
        if (!_state.Exists) return;
        if (_state.Phase is BroadcastPhase.Stopped or BroadcastPhase.Finished)
        {
            Passivate();
            return;
        }

        _log.Info("Broadcast {BroadcastId} resumes {Phase} at {Done} of {Total}", _id, _state.Phase, _state.Tally.Done, _state.Tally.Total);
        if (_state.ProgressMessageId is null) PostProgress();
        else EditProgress();
        if (!_state.Listed) List();
        else Pump();
    }

    // ---------- audience ----------
    private void List()
    {
        if (_listing || _state.Listed || _state.Stopped) return;
        if (_ports.Queries is not { } queries)
        {
            _log.Warning("Broadcast {BroadcastId}: this node has no read side to list the audience; asking again in {Delay}", _id, _ports.Settings.AudienceRetry);
            Timers.StartSingleTimer(AudienceTimer, ListAudience.Instance, _ports.Settings.AudienceRetry);
            return;
        }

        _listing = true;
        queries.AudienceAsync(Accepted.Audience, Now, CancellationToken.None)
            .PipeTo(Self, success: ids => new AudienceAnswered(ids), failure: e => new AudienceFailed(e.GetBaseException().Message));
    }

    private void OnAudience(AudienceAnswered answered)
    {
        _listing = false;
        if (_state.Listed || _state.Stopped) return;
        var ids = answered.UserIds.Distinct().ToArray(); // a user listed twice would get it twice
        var events = new List<IBroadcastEvent>();
        for (var from = 0; from < ids.Length; from += _ports.Settings.ChunkSize)
        {
            events.Add(new BroadcastRecipientsListed(from, ids[from..Math.Min(ids.Length, from + _ports.Settings.ChunkSize)]));
        }

        events.Add(new BroadcastAudienceListed(ids.Length, Now));
        PersistAll(events, e =>
        {
            _state.Apply(e);
            if (e is not BroadcastAudienceListed) return;
            _log.Info("Broadcast {BroadcastId}: {Total} recipients listed", _id, ids.Length);
            EditProgress();
            Pump();
        });
    }

    // ---------- sending ----------
    /// <summary>Hands the next copies to the outbox while fewer than the limit are in flight; finishes when all are recorded.</summary>
    private void Pump()
    {
        if (_state.Phase != BroadcastPhase.Sending || _handingOff) return;
        var recipients = _state.Recipients;
        while (_inFlight.Count < _ports.Settings.InFlight && _cursor < recipients.Count)
        {
            var index = _cursor++;
            if (_state.HasOutcome(index) || !_inFlight.Add(index)) continue;
            _copy ??= Accepted.Content.ToMessage();
            _outbox.Tell(new Deliver(recipients[index], _copy, DeliveryId.BroadcastCopy(_id, index), TrafficClass.Bulk));
            Timers.StartSingleTimer(StallTimer, Stalled.Instance, _ports.Settings.StallAfter);
        }

        if (_state.AllDone && _inFlight.Count == 0) Finish();
    }

    private void OnDelivered(Delivered delivered)
    {
        var id = delivered.DeliveryId;
        if (id.Kind != DeliveryKind.Broadcast) return; // a progress edit: a lost one is made good by the next
        if (id.Part == 0)
        {
            OnProgressPosted(delivered.Outcome);
            return;
        }

        var index = id.Part - 1;
        if (!_inFlight.Contains(index) || _state.HasOutcome(index)) return;
        var userId = _state.Recipients[index];
        var outcome = RecipientOutcomes.Classify(delivered.Outcome);
        Persist(new BroadcastRecipientRecorded(index, userId, outcome), e =>
        {
            _inFlight.Remove(index);
            if (_inFlight.Count == 0) Timers.Cancel(StallTimer);
            _state.Apply(e);
            if (LastSequenceNr % _ports.Settings.SnapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
            if (outcome.Unreachable()) _users.Tell(new RecordBotBlocked(userId));
            if (outcome == RecipientOutcome.Failed)
                _log.Warning("Broadcast {BroadcastId}: the copy for user {UserId} failed ({Outcome})", _id, userId, delivered.Outcome);
            ProgressChanged();
            if (_handingOff) StopWhenQuiet();
            else if (_state.Stopped) PassivateWhenQuiet();
            else Pump();
        });
    }

    private void Finish()
    {
        if (_state.Finished) return;
        Persist(new BroadcastFinished(Now), e =>
        {
            _state.Apply(e);
            var tally = _state.Tally;
            _log.Info("Broadcast {BroadcastId} finished: {Sent} sent, {Failed} failed, {Blocked} blocked, {Left} left of {Total}",
                _id, tally.Sent, tally.Failed, tally.Blocked, tally.Left, tally.Total);
            EditProgress();
            Passivate();
        });
    }

    /// <summary>
    /// No outcome for that long (the outbox paces, waits out 429s and retries, and always answers): it lost the copies
    /// (it restarted). They go again; an outcome that still comes for the first send is recorded and the second ignored.
    /// </summary>
    private void OnStalled()
    {
        if (_inFlight.Count == 0) return;
        _log.Warning("Broadcast {BroadcastId}: no outcome for {Count} copies in {StallAfter}; sending them again", _id, _inFlight.Count, _ports.Settings.StallAfter);
        _cursor = Math.Min(_cursor, _inFlight.Min());
        _inFlight.Clear();
        Pump();
    }

    /// <summary>Stopped: once the copies already handed to the outbox are recorded, the final counts are shown and the entity goes.</summary>
    private void PassivateWhenQuiet()
    {
        if (_inFlight.Count > 0) return;
        EditProgress();
        Passivate();
    }

    /// <summary>Handing off (its node leaves, its shard moves): once the copies in flight are recorded, so the new home sends none of them again.</summary>
    private void StopWhenQuiet()
    {
        if (_inFlight.Count == 0) Context.Stop(Self);
    }

    // ---------- the progress message ----------
    private void PostProgress()
    {
        if (_posting) return;
        _posting = true;
        _outbox.Tell(new Deliver(Accepted.AdminChatId, new OutboundMessage.SendScreen(ProgressScreen()), DeliveryId.BroadcastProgress(_id), TrafficClass.Reply));
    }

    private void OnProgressPosted(SendOutcome outcome)
    {
        _posting = false;
        if (outcome is not SendOutcome.Sent { MessageIds.Count: > 0 } sent)
        {
            _log.Warning("Broadcast {BroadcastId}: its progress message did not reach the admin's chat ({Outcome}); it goes on without one", _id, outcome);
            return;
        }

        Persist(new BroadcastProgressPosted(sent.MessageIds[0]), e =>
        {
            _state.Apply(e);
            if (_progressStale) EditProgress();
        });
    }

    /// <summary>The counts changed: edit now if the last edit is old enough, else once it is.</summary>
    private void ProgressChanged()
    {
        _progressStale = true;
        if (Timers.IsTimerActive(ProgressTimer)) return;
        var delay = _pace.DelayBeforeEdit(_lastEditAt, Now);
        if (delay > TimeSpan.Zero) Timers.StartSingleTimer(ProgressTimer, ProgressDue.Instance, delay);
        else EditProgress();
    }

    private void EditProgress()
    {
        Timers.Cancel(ProgressTimer);
        if (_state.ProgressMessageId is not { } messageId)
        {
            _progressStale = true; // shown once the message is posted
            return;
        }

        _progressStale = false;
        _lastEditAt = Now;
        _outbox.Tell(new Deliver(Accepted.AdminChatId, new OutboundMessage.EditScreen(messageId, ProgressScreen()), DeliveryId.None, TrafficClass.StatusEdit));
    }

    private Screen ProgressScreen() => BroadcastTexts.Progress(Accepted.Language, _id, _state.Phase, _state.Tally);

    // ---------- helpers ----------
    private BroadcastStatus Status() => new(_id, _state.Exists, _state.Phase, _state.Tally, _state.ProgressMessageId);

    private void Reply()
    {
        if (!Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters)) Sender.Tell(Status());
    }

    private void Passivate() => Context.Parent.Tell(new Passivate(PoisonPill.Instance));

    private sealed class ListAudience
    {
        public static readonly ListAudience Instance = new();
    }

    private sealed record AudienceAnswered(IReadOnlyList<long> UserIds);

    private sealed record AudienceFailed(string Error);

    private sealed class ProgressDue
    {
        public static readonly ProgressDue Instance = new();
    }

    private sealed class Stalled
    {
        public static readonly Stalled Instance = new();
    }
}
