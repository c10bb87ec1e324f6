using Akka.Persistence.Journal;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Tests.Payments;

/// <summary>The journal tags housekeeping finds subscriptions by (only paid periods and ends), kept beside the read side's own tag.</summary>
public sealed class SubscriptionTagTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Paid_periods_and_ends_carry_the_subscription_tag_and_nothing_else_of_a_subscription_does()
    {
        var paid = new SubscriptionRecorded(new SubscriptionPaid("c1", "c1", 300, 125, At, true, true, At));
        var ended = new SubscriptionRecorded(new SubscriptionExpired("c1", At, At));
        // A paid period is also the read side's (rs_payments: /refund finds its payer): both tags.
        Assert.Equal([ReadSideTags.Tag, SubscriptionTag.Tag], Assert.IsType<Tagged>(ReadSideTags.TagFor(paid)).Tags.Order(StringComparer.Ordinal));
        Assert.Equal([SubscriptionTag.Tag], Assert.IsType<Tagged>(ReadSideTags.TagFor(ended)).Tags);

        var thanked = new SubscriptionRecorded(new SubscriptionThanked("c1", At));
        Assert.Same(thanked, ReadSideTags.TagFor(thanked));
        var ledger = new LedgerRecorded(new NeuroActors.Domain.Credits.CreditsGranted("pay:c1", 300, "subscription", At));
        Assert.Equal([ReadSideTags.Tag], Assert.IsType<Tagged>(ReadSideTags.TagFor(ledger)).Tags);
    }
}
