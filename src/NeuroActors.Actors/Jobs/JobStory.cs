using System.Collections.Immutable;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;

namespace NeuroActors.Actors.Jobs;

/// <summary>One attempt of a job as an operator reads it: its KIE task and key (the key's id is already masked), and how it failed.</summary>
public sealed record AttemptRecord(
    int Attempt,
    DateTimeOffset? StartedAt,
    string? TaskId = null,
    string? KeyId = null,
    DateTimeOffset? SubmittedAt = null,
    FailureClass? FailureClass = null,
    string? FailureTextKey = null,
    string? Detail = null,
    DateTimeOffset? FailedAt = null,
    DateTimeOffset? RetryAt = null);

/// <summary>
/// A job's story folded from its events (attempts, outcome, timings), for <c>jobs show</c> and the admin's lookup. Part
/// of <see cref="JobState"/>, so it is rebuilt on recovery like the rest.
/// </summary>
public sealed record JobStory(ImmutableList<AttemptRecord> Attempts, DateTimeOffset? FinishedAt, DateTimeOffset? SettledAt, DateTimeOffset? LastChangeAt)
{
    public static JobStory Empty { get; } = new(ImmutableList<AttemptRecord>.Empty, null, null, null);

    public JobStory Apply(IJobEvent @event) => @event switch
    {
        JobAccepted e => this with { LastChangeAt = e.At },
        JobInputUploaded e => this with { LastChangeAt = e.At },
        JobMediaUploaded e => this with { LastChangeAt = e.At },
        JobAttemptStarted e => Upsert(e.Attempt, a => a, e.At) with { LastChangeAt = e.At },
        JobTaskSubmitted e => Upsert(e.Attempt, a => a with { TaskId = e.TaskId, KeyId = e.KeyId ?? a.KeyId, SubmittedAt = e.At }, e.At) with { LastChangeAt = e.At },
        JobAttemptFailed e => Upsert(e.Attempt, a => a with
        {
            FailureClass = e.FailureClass,
            FailureTextKey = e.TextKey,
            Detail = e.Detail,
            FailedAt = e.At,
            RetryAt = e.RetryAt,
        }, e.At) with { LastChangeAt = e.At },
        JobFinished e => this with { FinishedAt = FinishedAt ?? e.At, LastChangeAt = e.At },
        JobReported e => this with { SettledAt = e.At, LastChangeAt = e.At },
        _ => this,
    };

    private JobStory Upsert(int attempt, Func<AttemptRecord, AttemptRecord> change, DateTimeOffset at)
    {
        var index = Attempts.FindIndex(a => a.Attempt == attempt);
        return index >= 0
            ? this with { Attempts = Attempts.SetItem(index, change(Attempts[index])) }
            : this with { Attempts = Attempts.Add(change(new AttemptRecord(attempt, at))) };
    }

    /// <summary>
    /// The job's state as an operator filters by it: queued, waiting-for-key (in the key pool's line), running (at KIE or
    /// being created), failed, cancelled or delivering (finished, results on their way), settled.
    /// </summary>
    public static string OperatorState(JobPhase phase, VariantOutcome? outcome, bool waitingForKey) => phase switch
    {
        JobPhase.New => "new",
        JobPhase.Queued => "queued",
        JobPhase.Submitting => waitingForKey ? "waiting-for-key" : "running",
        JobPhase.Generating => "running",
        JobPhase.Finished => outcome?.Stage switch
        {
            Domain.Conversation.VariantStage.Done => "delivering",
            Domain.Conversation.VariantStage.Cancelled => "cancelled",
            _ => "failed",
        },
        _ => "settled",
    };
}
