using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Broadcasts;

/// <summary>Every message routed to a broadcast entity names its id, the entity id.</summary>
public interface IBroadcastCommand : INeuroMessage
{
    long BroadcastId { get; }
}

/// <summary>
/// An admin confirmed a composed broadcast. Idempotent by <see cref="BroadcastId"/>: a second start (a double-tapped
/// confirm, a redelivered update) changes nothing. The broadcast itself sends and edits its progress message in
/// <see cref="AdminChatId"/>, with pause, resume and stop buttons.
/// </summary>
[Manifest("broadcast-start.v1")]
public sealed record StartBroadcast(long BroadcastId, long AdminId, long AdminChatId, Language Language, BroadcastContent Content, BroadcastAudience Audience) : IBroadcastCommand;

public enum BroadcastSwitch
{
    Pause,
    Resume,
    Stop,
}

/// <summary>An admin's pause, resume or stop button; idempotent (pausing a paused broadcast changes nothing).</summary>
[Manifest("broadcast-control.v1")]
public sealed record ControlBroadcast(long BroadcastId, long AdminId, BroadcastSwitch Switch) : IBroadcastCommand;

/// <summary>Where a broadcast stands; answered with <see cref="BroadcastStatus"/> (also the answer to a start or a control).</summary>
[Manifest("broadcast-get-status.v1")]
public sealed record GetBroadcastStatus(long BroadcastId) : IBroadcastCommand;

/// <param name="Exists">False for an id no admin ever started (nothing else then means anything).</param>
/// <param name="ProgressMessageId">The progress message in the admin's chat, once Telegram took it.</param>
[Manifest("broadcast-status.v1")]
public sealed record BroadcastStatus(long BroadcastId, bool Exists, BroadcastPhase Phase, BroadcastTally Tally, long? ProgressMessageId) : INeuroMessage;

/// <summary>
/// Sharding's hand-off stop message (a node leaves, a shard moves): the broadcast sends nothing more and stops once the
/// copies already handed to the outbox are recorded, so a graceful move sends nobody a copy twice. Node-local.
/// </summary>
public sealed class HandOffBroadcast
{
    public static readonly HandOffBroadcast Instance = new();

    private HandOffBroadcast()
    {
    }
}

// Events

public interface IBroadcastEvent : INeuroMessage;

/// <summary>An admin confirmed it: what to send, to whom (the audience is listed right after).</summary>
[Manifest("broadcast-accepted.v1")]
public sealed record BroadcastAccepted(long BroadcastId, long AdminId, long AdminChatId, Language Language, BroadcastContent Content, BroadcastAudience Audience, DateTimeOffset At) : IBroadcastEvent;

/// <summary>
/// One chunk of the audience, listed once and kept, so a restart sends to the same people in the same order.
/// Written together with the other chunks and <see cref="BroadcastAudienceListed"/> in one atomic write.
/// </summary>
/// <param name="From">0-based place of the chunk's first user in the audience.</param>
[Manifest("broadcast-recipients-listed.v1")]
public sealed record BroadcastRecipientsListed(int From, IReadOnlyList<long> UserIds) : IBroadcastEvent;

/// <summary>The audience is complete: <see cref="Total"/> recipients in the chunks before it.</summary>
[Manifest("broadcast-audience-listed.v1")]
public sealed record BroadcastAudienceListed(int Total, DateTimeOffset At) : IBroadcastEvent;

/// <summary>The progress message reached the admin's chat; later counts edit it.</summary>
[Manifest("broadcast-progress-posted.v1")]
public sealed record BroadcastProgressPosted(long MessageId) : IBroadcastEvent;

/// <summary>
/// One recipient's copy ended this way. Written after the send (Telegram took it, or refused it for good), so a crash
/// between the two sends that copy again on recovery: at most <see cref="BroadcastSettings.InFlight"/> recipients per crash.
/// </summary>
/// <param name="Index">The recipient's 0-based place in the audience.</param>
[Manifest("broadcast-recipient-recorded.v1")]
public sealed record BroadcastRecipientRecorded(int Index, long UserId, RecipientOutcome Outcome) : IBroadcastEvent;

/// <summary>An admin paused (<see cref="Paused"/> true) or resumed it; a restart keeps the last of these.</summary>
[Manifest("broadcast-pause-changed.v1")]
public sealed record BroadcastPauseChanged(bool Paused, long By, DateTimeOffset At) : IBroadcastEvent;

/// <summary>An admin stopped it: nobody else gets it.</summary>
[Manifest("broadcast-stopped.v1")]
public sealed record BroadcastStopped(long By, DateTimeOffset At) : IBroadcastEvent;

/// <summary>Every recipient has an outcome.</summary>
[Manifest("broadcast-finished.v1")]
public sealed record BroadcastFinished(DateTimeOffset At) : IBroadcastEvent;
