using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Actors.Housekeeping;

// Commands (sent through the singleton's proxy, so from any node)

/// <summary>Run retention now; answered with the run's <see cref="HousekeepingRunReport"/>. A request during a run is answered when that run ends.</summary>
[Manifest("housekeeping-run-now.v1")]
public sealed record RunHousekeepingNow : INeuroMessage
{
    public static RunHousekeepingNow Instance { get; } = new();
}

/// <summary>Where housekeeping stands; answered with <see cref="HousekeepingStatus"/>.</summary>
[Manifest("housekeeping-get-status.v1")]
public sealed record GetHousekeepingStatus : INeuroMessage
{
    public static GetHousekeepingStatus Instance { get; } = new();
}

// Replies

/// <summary>One run: when it started and ended, and per target what it removed.</summary>
[Manifest("housekeeping-run-report.v1")]
public sealed record HousekeepingRunReport(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<RetentionCount> Removed) : INeuroMessage
{
    public long TotalRemoved => Removed.Sum(r => r.Removed);
}

/// <param name="Node">The cluster address of the node the singleton runs on.</param>
[Manifest("housekeeping-status.v1")]
public sealed record HousekeepingStatus(string Node, bool Running, HousekeepingRunReport? LastRun, DateTimeOffset NextRunAt, TimeSpan Every, TimeSpan JobGrace) : INeuroMessage;

// Events and state

public interface IHousekeepingEvent : INeuroMessage;

/// <summary>Where a target's scan stands, so the next run carries on from there (e.g. the journal's ordering).</summary>
public sealed record RetentionCheckpoint(string Target, long Position);

[Manifest("housekeeping-run-completed.v1")]
public sealed record HousekeepingRunCompleted(HousekeepingRunReport Report, IReadOnlyList<RetentionCheckpoint> Checkpoints) : IHousekeepingEvent;

/// <summary>What the singleton remembers across moves and restarts: the last run and each target's checkpoint.</summary>
[Manifest("housekeeping-state.v1")]
public sealed record HousekeepingState(HousekeepingRunReport? LastRun, IReadOnlyList<RetentionCheckpoint> Checkpoints) : ISnapshotState
{
    public static HousekeepingState Empty { get; } = new(null, []);

    public long CheckpointOf(string target) => Checkpoints.FirstOrDefault(c => c.Target == target)?.Position ?? 0;

    public HousekeepingState Apply(HousekeepingRunCompleted completed) => new(
        completed.Report,
        Checkpoints.Where(c => completed.Checkpoints.All(n => n.Target != c.Target)).Concat(completed.Checkpoints).ToArray());
}
