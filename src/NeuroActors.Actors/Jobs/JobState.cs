using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Orders;

namespace NeuroActors.Actors.Jobs;

/// <summary>The KIE task of one attempt; <see cref="KeyId"/> is the key that created it (status queries must use it).</summary>
public sealed record SubmittedTask(int Attempt, string TaskId, string Family, string? KeyId, DateTimeOffset At);

/// <summary>Where a job stands, derived from its state.</summary>
public enum JobPhase
{
    /// <summary>No <see cref="JobAccepted"/> yet.</summary>
    New,

    /// <summary>Waiting for its turn or between attempts: nothing runs at KIE, so it may still be cancelled.</summary>
    Queued,

    /// <summary>createTask was called and its answer is not known (the node may have died during the call).</summary>
    Submitting,

    /// <summary>A KIE task runs; the job waits for its callback and polls.</summary>
    Generating,

    /// <summary>Ended; the user has not acknowledged the outcome yet.</summary>
    Finished,

    /// <summary>Ended and acknowledged: nothing more to do.</summary>
    Settled,
}

/// <summary>A generation job's state, and its snapshot. Changes only by <see cref="Apply"/>.</summary>
[Manifest("job-state.v1")]
public sealed record JobState(
    JobSpec? Spec,
    DateTimeOffset? AcceptedAt,
    string? InputUrl,
    int Attempt,
    DateTimeOffset? AttemptStartedAt,
    SubmittedTask? Task,
    DateTimeOffset? RetryAt,
    int FailedAttempts,
    VariantOutcome? Outcome,
    bool AlertAdmins,
    string? Detail,
    bool Reported,
    JobStory? Story = null,
    System.Collections.Immutable.ImmutableDictionary<string, string>? MediaUrls = null) : ISnapshotState
{
    public static JobState Empty { get; } = new(null, null, null, 0, null, null, null, 0, null, false, null, false);

    public JobPhase Phase =>
        Spec is null ? JobPhase.New
        : Reported ? JobPhase.Settled
        : Outcome is not null ? JobPhase.Finished
        : Task is not null ? JobPhase.Generating
        : AttemptStartedAt is not null ? JobPhase.Submitting
        : JobPhase.Queued;

    /// <summary>Folds an event into the state and the job's story (attempts and timings, for operators).</summary>
    public JobState Apply(IJobEvent @event) => Fold(@event) with { Story = (Story ?? JobStory.Empty).Apply(@event) };

    private JobState Fold(IJobEvent @event) => @event switch
    {
        JobAccepted e when Spec is null => this with { Spec = e.Spec, AcceptedAt = e.At },
        JobInputUploaded e => this with { InputUrl = e.Url },
        JobMediaUploaded e => this with { MediaUrls = (MediaUrls ?? System.Collections.Immutable.ImmutableDictionary<string, string>.Empty).SetItem(e.Slot, e.Url) },
        JobAttemptStarted e => this with { Attempt = e.Attempt, AttemptStartedAt = e.At, Task = null, RetryAt = null },
        JobTaskSubmitted e => this with
        {
            Attempt = Math.Max(Attempt, e.Attempt),
            Task = new SubmittedTask(e.Attempt, e.TaskId, e.Family, e.KeyId, e.At),
            AttemptStartedAt = AttemptStartedAt ?? e.At,
        },
        JobAttemptFailed e => this with { FailedAttempts = FailedAttempts + 1, AttemptStartedAt = null, Task = null, RetryAt = e.RetryAt },
        JobFinished e when Outcome is null => this with { Outcome = e.Outcome, AlertAdmins = e.AlertAdmins, Detail = e.Detail, RetryAt = null },
        JobReported => this with { Reported = true },
        _ => this,
    };
}
