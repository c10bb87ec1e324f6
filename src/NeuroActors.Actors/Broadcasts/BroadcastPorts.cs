using NeuroActors.Actors.ReadSide;

namespace NeuroActors.Actors.Broadcasts;

/// <summary>How broadcasts run.</summary>
/// <param name="InFlight">
/// Copies handed to the outbox and not yet recorded. Each is a copy a crash may send twice (the record follows the
/// send), so the default 1 keeps the promise of at most one recipient twice per crash; more is faster and weakens it
/// to at most this many.
/// </param>
/// <param name="ProgressEvery">The shortest time between two count edits of the progress message.</param>
/// <param name="ChunkSize">Recipients per journal event when the audience is kept.</param>
/// <param name="AudienceRetry">How long to wait before asking the read side for the audience again after it failed.</param>
/// <param name="SnapshotEvery">A snapshot after this many events, so a large broadcast recovers without replaying one event per recipient.</param>
/// <param name="StallAfter">Copies in flight with no outcome for this long were lost by the outbox (it restarted): they go again.</param>
public sealed record BroadcastSettings(int InFlight, TimeSpan ProgressEvery, int ChunkSize, TimeSpan AudienceRetry, int SnapshotEvery, TimeSpan StallAfter)
{
    public static BroadcastSettings Default { get; } = new(1, TimeSpan.FromSeconds(2), 1000, TimeSpan.FromSeconds(10), 1000, TimeSpan.FromMinutes(5));
}

/// <summary>What a broadcast actor needs from its node.</summary>
/// <param name="Queries">The read side, which lists audiences; null on a node without one (the broadcast waits and asks again).</param>
public sealed record BroadcastPorts(IReadSideQueries? Queries, BroadcastSettings Settings, TimeProvider Time);
