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
