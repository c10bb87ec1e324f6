using System.Collections.Immutable;
using Akka.Persistence.Journal;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Orders;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// Which events the read side's projection reads: they are written with the one tag <see cref="Tag"/> (the journal's tag
/// table), so the projection follows a single stream in the journal's global order with a single offset. Called on the
/// hot write path by the journal's write adapter: a type test and, for a tagged event, one small struct, no other allocation.
/// </summary>
public static class ReadSideTags
{
    public const string Tag = "readside";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(StringComparer.Ordinal, Tag);

    /// <summary>The event as the journal should store it: wrapped in <see cref="Tagged"/> when the read side needs it.</summary>
    public static object TagFor(object evt) => (IsProjected(evt), SubscriptionTag.IsTagged(evt)) switch
    {
        (true, false) => new Tagged(evt, Tags),
        (false, true) => new Tagged(evt, SubscriptionTag.Tags),
        (true, true) => new Tagged(evt, BothTags), // a subscription event the read side projects keeps housekeeping's tag too
        _ => evt,
    };

    private static readonly IImmutableSet<string> BothTags = Tags.Union(SubscriptionTag.Tags);

    public static bool IsProjected(object evt) => evt switch
    {
        // A job's every step except the input upload (the projection has nothing to show of it); JobReported moves the
        // projection's offset past the job's last event, which housekeeping waits for before it deletes the job.
        IJobEvent => evt is not (JobInputUploaded or JobMediaUploaded),
        ConversationRecorded { Event: var step } => step is Domain.Conversation.UserRegistered,
        OrderRecorded { Event: var order } => order is not OrderPartDelivered,
        // Not UpdateRecorded: one per update would double the projection's work for "last seen"; UserSeen says it once per 10 min.
        LedgerRecorded or UserSeen or ProfileSeen or BlockedChanged or AccountActionRecorded => true,
        Users.UserRegistered or CreditsGranted => true,
        PaymentRecorded { Event: Domain.Payments.TopUpPaid or Domain.Payments.PaymentUnmatched or Domain.Payments.PaymentRefunded } => true, // rs_payments: charge → payer, for good
        SubscriptionRecorded { Event: Domain.Payments.SubscriptionPaid or Domain.Payments.SubscriptionChargeRefunded } => true, // a paid period, the same
        _ => false,
    };
}
