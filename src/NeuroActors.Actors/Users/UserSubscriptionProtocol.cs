using System.Collections.Immutable;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Actors.Users;

/// <summary>
/// A subscription event of the user (a paid period, its thank-you, a cancellation or its undoing, the end). A paid period
/// is written with its ledger grant <c>pay:&lt;charge id&gt;</c> and the update's id in one write.
/// </summary>
[Manifest("user-subscription.v1")]
public sealed record SubscriptionRecorded(SubscriptionEvent Event) : IUserEvent;

/// <summary>
/// From housekeeping: end the subscription <paramref name="SubscriptionId"/> if its paid time is over and no renewal came.
/// Idempotent (the user's own state decides); answered with <see cref="SubscriptionExpiryChecked"/>.
/// </summary>
[Manifest("user-expire-subscription.v1")]
public sealed record ExpireSubscription(long UserId, string SubscriptionId) : IUserCommand;

/// <param name="Expired">This ask ended it (the user was told).</param>
/// <param name="StillRunning">The subscription runs on (renewed, or its end date is still ahead).</param>
[Manifest("user-subscription-expiry-checked.v1")]
public sealed record SubscriptionExpiryChecked(long UserId, string SubscriptionId, bool Expired, bool StillRunning) : INeuroMessage;

/// <summary>
/// The journal tag of the events housekeeping needs to find subscriptions that reach their end date (a paid period carries
/// the date; the end closes it), so it reads only those instead of every user's events.
/// </summary>
public static class SubscriptionTag
{
    public const string Tag = "subscription";

    public static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(StringComparer.Ordinal, Tag);

    /// <summary>Whether the journal should store the event with <see cref="Tag"/> (the journal's write adapter asks, through <c>ReadSideTags.TagFor</c>).</summary>
    public static bool IsTagged(object evt) => evt is SubscriptionRecorded { Event: SubscriptionPaid or SubscriptionExpired };
}
