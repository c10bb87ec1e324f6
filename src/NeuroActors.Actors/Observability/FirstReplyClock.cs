using System.Diagnostics;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Observability;

/// <summary>
/// A user actor's stopwatch for <c>neuroactors_update_first_reply_seconds</c>: started when the actor takes an update,
/// armed when the first reply to it goes to the outbox, read at the next delivery report. Actor state, so no lock; a
/// send of an earlier update still in flight may end it a little early, which only errs towards shorter times.
/// </summary>
public sealed class FirstReplyClock
{
    private long _startedAt;
    private UpdateKind _kind;
    private Phase _phase;

    private enum Phase
    {
        Idle,
        AwaitingReply,
        ReplyInFlight,
    }

    public void UpdateTaken(UpdateKind kind)
    {
        _startedAt = Stopwatch.GetTimestamp();
        _kind = kind;
        _phase = Phase.AwaitingReply;
    }

    public void ReplyHanded()
    {
        if (_phase == Phase.AwaitingReply) _phase = Phase.ReplyInFlight;
    }

    public void DeliveryReported()
    {
        if (_phase != Phase.ReplyInFlight) return;
        _phase = Phase.Idle;
        ActorMetrics.FirstReplySent(_kind, _startedAt);
    }
}
