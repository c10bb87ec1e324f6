using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Texts;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Jobs;

// The settle handshake between a job and its user, the one place it is written down:
// 1. A job that ended (results, failure, cancelled) persists JobFinished, then tells its user ReportJobFinished.
// 2. The user records the outcome (captures or releases the variant's credits) once, whatever the number of reports.
// 3. When every variant of the order has ended, the user delivers the order's results and its closing message; once
//    they reached the chat, it answers JobFinishedAck to every variant of the order. An outcome for an order the user
//    does not have (or has already delivered) is acknowledged at once.
// 4. Until the ack comes, the job repeats ReportJobFinished on JobSettings.Reports (5 s doubling to 5 min): a user actor
//    that died mid-delivery is woken by the next report and carries on. With the ack the job persists JobReported,
//    is settled and stops.
// So a variant that ends early is re-reported while the slowest variant of its order still runs; the backoff keeps
// that cheap.

/// <summary>Every message routed to a job names its request id (the entity id), e.g. <c>G7K2QXMNPA-2</c>.</summary>
public interface IJobCommand : INeuroMessage
{
    string RequestId { get; }
}

public interface IJobEvent : INeuroMessage;

/// <summary>What one generation job makes: variant <see cref="Index"/> of order <see cref="OrderId"/>.</summary>
public sealed record JobSpec(
    string RequestId,
    string OrderId,
    int Index,
    long UserId,
    string ModelId,
    MediaKind Kind,
    string Prompt,
    string? ImageFileId,
    Language Language,
    OrderMedia? Media = null)
{
    /// <summary>The order's option values (name → catalogue value); empty in jobs started before options existed (the defaults).</summary>
    public OptionChoices Options { get; init; } = OptionChoices.Empty;
}

// Commands

/// <summary>Start the job if it is new; a job that exists already ignores it (orders re-send it after a crash).</summary>
[Manifest("job-start.v1")]
public sealed record StartJob(JobSpec Spec) : IJobCommand
{
    public string RequestId => Spec.RequestId;
}

/// <summary>The user cancelled the order: a job still waiting for its turn ends cancelled; a submitted one runs on.</summary>
[Manifest("job-cancel-if-queued.v1")]
public sealed record CancelJobIfQueued(string RequestId) : IJobCommand;

/// <summary>
/// KIE posted an outcome to the callback URL of attempt <see cref="Attempt"/>. Delivered as the endpoint got it: the job
/// may be anywhere in the cluster, and KIE may post the same callback twice.
/// </summary>
[Manifest("job-kie-callback.v1")]
public sealed record KieCallbackReceived(
    string RequestId,
    int Attempt,
    string TaskId,
    bool Final,
    bool Succeeded,
    IReadOnlyList<string> ResultUrls,
    int? Progress,
    FailureClass? FailureClass,
    string? FailureTextKey,
    bool Retry,
    bool AlertAdmins,
    string? Detail,
    string? ResultText = null) : IJobCommand
{
    /// <summary>The callback's conclusion, as <see cref="JobWiring.ToJobMessage"/> filled it in from <see cref="KieTaskConclusion.Of"/>.</summary>
    public KieTaskConclusion Conclusion() =>
        new(Succeeded, ResultUrls, FailureClass ?? Domain.Failures.FailureClass.Unknown, FailureTextKey ?? FailureTextKeys.Unknown, Retry, AlertAdmins, Detail)
        {
            ResultText = ResultText,
        };
}

/// <summary>
/// The job has the callback. The endpoint answers KIE 200 only after this reply: a callback for a job whose node is gone
/// (and whose shard has not moved yet) gets 5xx instead, so KIE tries again rather than the outcome going to dead letters.
/// </summary>
[Manifest("job-kie-callback-taken.v1")]
public sealed record KieCallbackTaken(string RequestId) : INeuroMessage;

/// <summary>The order's results reached the chat: the job is settled (step 3 of the handshake above).</summary>
[Manifest("job-finished-ack.v1")]
public sealed record JobFinishedAck(string RequestId) : IJobCommand;

/// <summary>Where a job stands, for tests and the admin's lookup.</summary>
[Manifest("job-get-status.v1")]
public sealed record GetJobStatus(string RequestId) : IJobCommand;

[Manifest("job-status-reply.v1")]
public sealed record JobStatusReply(string RequestId, string Phase, int Attempts, string? TaskId, VariantOutcome? Outcome, bool Reported) : INeuroMessage;

/// <summary>An operator's cancel: a job not yet finished ends cancelled (its credits are released as for a user's cancel); answered <see cref="JobCancelReply"/>.</summary>
[Manifest("job-cancel-by-operator.v1")]
public sealed record CancelJob(string RequestId, string By) : IJobCommand;

public enum JobCancelOutcome
{
    /// <summary>The job ended cancelled now; its user releases the reservation.</summary>
    Cancelled,

    /// <summary>The job had already ended (its outcome stands).</summary>
    AlreadyFinished,

    /// <summary>No job has this request id.</summary>
    Unknown,
}

[Manifest("job-cancel-reply.v1")]
public sealed record JobCancelReply(string RequestId, JobCancelOutcome Outcome, string State) : INeuroMessage;

/// <summary>One line of <c>jobs list</c>: answered with <see cref="JobSummary"/> (<c>Exists</c> false for an id no job has).</summary>
[Manifest("job-get-summary.v1")]
public sealed record GetJobSummary(string RequestId) : IJobCommand;

/// <summary>A live job as an operator lists it; <see cref="State"/> is one of <see cref="JobStory.OperatorState"/>'s words.</summary>
[Manifest("job-summary.v1")]
public sealed record JobSummary(
    string RequestId,
    bool Exists,
    long UserId,
    string? OrderId,
    string? ModelId,
    string State,
    int Attempts,
    bool WaitingForKey,
    int? KeyQueuePosition,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? Since) : INeuroMessage;

/// <summary>The whole story of a job, for <c>jobs show</c>: answered with <see cref="JobStoryReply"/>.</summary>
[Manifest("job-get-story.v1")]
public sealed record GetJobStory(string RequestId) : IJobCommand;

[Manifest("job-story-reply.v1")]
public sealed record JobStoryReply(
    JobSummary Summary,
    IReadOnlyList<AttemptRecord> Attempts,
    VariantOutcome? Outcome,
    string? Detail,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? SettledAt,
    string? Prompt = null) : INeuroMessage;

// Events

[Manifest("job-accepted.v1")]
public sealed record JobAccepted(JobSpec Spec, DateTimeOffset At) : IJobEvent;

/// <summary>The photo went to KIE's file host; every attempt uses this URL.</summary>
[Manifest("job-input-uploaded.v1")]
public sealed record JobInputUploaded(string Url, DateTimeOffset At) : IJobEvent;

/// <summary>
/// A file of the order besides its first photo went to KIE's file host: <paramref name="Slot"/> is <c>image:N</c> (the
/// N-th further photo, from 1), <c>audio</c> or <c>video</c> (see <see cref="JobInputs"/>); every attempt uses the URL.
/// </summary>
[Manifest("job-media-uploaded.v1")]
public sealed record JobMediaUploaded(string Slot, string Url, DateTimeOffset At) : IJobEvent;

/// <summary>Written before createTask is called: if the node dies during the call, recovery knows KIE may have a task.</summary>
[Manifest("job-attempt-started.v1")]
public sealed record JobAttemptStarted(int Attempt, DateTimeOffset At) : IJobEvent;

[Manifest("job-task-submitted.v1")]
public sealed record JobTaskSubmitted(int Attempt, string TaskId, string Family, string? KeyId, DateTimeOffset At) : IJobEvent;

/// <summary>An attempt failed; <see cref="RetryAt"/> says when the next one starts, null when the job gives up.</summary>
[Manifest("job-attempt-failed.v1")]
public sealed record JobAttemptFailed(int Attempt, FailureClass FailureClass, string TextKey, string? Detail, DateTimeOffset? RetryAt, DateTimeOffset At) : IJobEvent;

/// <summary>The job ended: results, a failure, or cancelled while queued. Reported to the user until acknowledged (see the handshake above).</summary>
[Manifest("job-finished.v1")]
public sealed record JobFinished(VariantOutcome Outcome, bool AlertAdmins, string? Detail, DateTimeOffset At) : IJobEvent;

[Manifest("job-reported.v1")]
public sealed record JobReported(DateTimeOffset At) : IJobEvent;
