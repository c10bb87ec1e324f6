using Akka.Persistence.Journal;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;

namespace NeuroActors.Actors.Observability;

/// <summary>
/// Counts the jobs', orders' and ledger's state transitions as their events go to the journal (bound in
/// hocon/persistence.conf): every write passes here once, and a recovery (which reads) never does, so
/// the counts are transitions that happened on this node without a line in the actors. The event itself is passed on
/// unchanged, tagged for the read side's projection when it needs it (<see cref="ReadSideTags"/>).
/// </summary>
public sealed class JournalMetricsAdapter : IWriteEventAdapter
{
    private static readonly string[] FailureClassNames = Enum.GetValues<FailureClass>().Select(ActorMetrics.SnakeCase).ToArray();

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt)
    {
        switch (evt)
        {
            case IJobEvent job:
                CountJob(job);
                break;
            case OrderRecorded { Event: var order }:
                CountOrder(order);
                break;
            case LedgerRecorded { Event: var entry }:
                ActorMetrics.LedgerEntry(entry switch
                {
                    Domain.Credits.CreditsGranted => "granted",
                    Domain.Credits.CreditsReserved => "reserved",
                    Domain.Credits.CreditsCaptured => "captured",
                    Domain.Credits.CreditsReleased => "released",
                    Domain.Credits.CreditsDebited => "debited",
                    _ => "other",
                });
                break;
        }

        return ReadSideTags.TagFor(evt);
    }

    private static void CountJob(IJobEvent job)
    {
        switch (job)
        {
            case JobAccepted:
                ActorMetrics.JobTransition("accepted");
                break;
            case JobInputUploaded or JobMediaUploaded:
                ActorMetrics.JobTransition("input_uploaded");
                break;
            case JobAttemptStarted:
                ActorMetrics.JobTransition("attempt_started");
                break;
            case JobTaskSubmitted:
                ActorMetrics.JobTransition("submitted");
                break;
            case JobAttemptFailed failed:
                ActorMetrics.JobTransition("attempt_failed", FailureClassName(failed.FailureClass));
                break;
            case JobFinished { Outcome: var outcome }:
                if (outcome.FailureClass is { } failureClass) ActorMetrics.JobTransition(StageName(outcome.Stage), FailureClassName(failureClass));
                else ActorMetrics.JobTransition(StageName(outcome.Stage));
                break;
            case JobReported:
                ActorMetrics.JobTransition("reported");
                break;
        }
    }

    private static void CountOrder(OrderEvent order)
    {
        switch (order)
        {
            case OrderOpened:
                ActorMetrics.OrderTransition("opened");
                break;
            case VariantSettled settled:
                ActorMetrics.OrderTransition(settled.Outcome.Stage switch
                {
                    VariantStage.Done => "variant_done",
                    VariantStage.Cancelled => "variant_cancelled",
                    _ => "variant_failed",
                });
                break;
            case OrderDelivered:
                ActorMetrics.OrderTransition("delivered");
                break;
        }
    }

    private static string StageName(VariantStage stage) => stage switch
    {
        VariantStage.Done => "done",
        VariantStage.Cancelled => "cancelled",
        _ => "failed",
    };

    private static string FailureClassName(FailureClass failureClass) =>
        (uint)failureClass < (uint)FailureClassNames.Length ? FailureClassNames[(int)failureClass] : "other";
}
