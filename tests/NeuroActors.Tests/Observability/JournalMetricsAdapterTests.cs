using Akka.Persistence.Journal;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Observability;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Observability;

public sealed class JournalMetricsAdapterTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Written_events_pass_unchanged_and_count_as_job_order_and_ledger_transitions_a_debit_as_debited()
    {
        var adapter = new JournalMetricsAdapter();
        using var measurements = new MeasurementsOnThisThread();
        var spec = new JobSpec("ORDER-7-1", "ORDER-7", 1, 42, "google/nano-banana", MediaKind.Image, "a fox", null, Language.English);
        object[] events =
        [
            new JobAccepted(spec, At),
            new JobAttemptStarted(1, At),
            new JobAttemptFailed(1, FailureClass.Temporary, "failure.temporary", "502", At.AddSeconds(10), At),
            new JobFinished(VariantOutcome.Failed(FailureClass.Billing, "failure.billing", 2), true, "402", At),
            new OrderRecorded(new OrderDelivered("ORDER-7", At)),
            new LedgerRecorded(new CreditsReleased("ORDER-7-1", 3, "failed", At)),
            new LedgerRecorded(new CreditsDebited("admin:d1", 5, "refund fix", At)),
            new UpdateRecorded(1001, At),
        ];

        // The read side's events come back tagged (ReadSideTags), the payload itself unchanged.
        foreach (var e in events)
        {
            var stored = adapter.ToJournal(e);
            Assert.Same(e, stored is Tagged tagged ? tagged.Payload : stored);
        }

        var jobs = measurements.Of("job_transitions_total");
        Assert.Equal(["accepted", "attempt_started", "attempt_failed", "failed"], jobs.Select(j => j.Tags["state"]));
        Assert.Equal("temporary", jobs[2].Tags["failure_class"]);
        Assert.Equal("billing", jobs[3].Tags["failure_class"]);
        Assert.All(jobs, j => Assert.Equal(1, j.Value));
        Assert.Equal(["delivered"], measurements.Of("order_transitions_total").Select(o => o.Tags["state"]));
        Assert.Equal(["released", "debited"], measurements.Of("credit_ledger_events_total").Select(l => l.Tags["kind"]));
        Assert.Equal(7, measurements.Seen.Count); // an update's dedup mark is no transition
        Assert.DoesNotContain(measurements.Seen, m => m.Tags.Values.Any(v => v is "42" or "ORDER-7" or "ORDER-7-1"));
    }
}
