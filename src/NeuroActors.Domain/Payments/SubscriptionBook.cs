using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NeuroActors.Domain.Credits;

namespace NeuroActors.Domain.Payments;

/// <summary>Events of a user's Stars subscription; the user's <see cref="SubscriptionBook"/> is the fold of them.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(SubscriptionPaid), "subscription-paid")]
[JsonDerivedType(typeof(SubscriptionThanked), "subscription-thanked")]
[JsonDerivedType(typeof(SubscriptionCancelChanged), "subscription-cancel-changed")]
[JsonDerivedType(typeof(SubscriptionExpired), "subscription-expired")]
[JsonDerivedType(typeof(SubscriptionChargeRefunded), "subscription-charge-refunded")]
[JsonDerivedType(typeof(SubscriptionEndTold), "subscription-end-told")]
public abstract record SubscriptionEvent(DateTimeOffset At);

/// <summary>
/// A period of the subscription was paid (its first payment or a renewal), written once per <paramref name="ChargeId"/> with
/// the ledger's grant of <paramref name="Credits"/> (grant id <c>pay:&lt;charge id&gt;</c>, as a top-up's) in the same write.
/// <paramref name="SubscriptionId"/> is the charge id of the subscription's first payment (editUserStarSubscription takes it);
/// <paramref name="ExpiresAt"/> is Telegram's subscription_expiration_date; <paramref name="IsFirstPaid"/> marks the user's
/// first payment of any kind (a referral's bonus hangs on it).
/// </summary>
public sealed record SubscriptionPaid(
    string ChargeId, string SubscriptionId, long Credits, long Stars, DateTimeOffset ExpiresAt, bool Starts, bool IsFirstPaid, DateTimeOffset At)
    : SubscriptionEvent(At);

/// <summary>The thank-you for a paid period reached the chat (until then it is sent again after a restart).</summary>
public sealed record SubscriptionThanked(string ChargeId, DateTimeOffset At) : SubscriptionEvent(At);

/// <summary>Telegram confirmed editUserStarSubscription: the subscription will not renew (<paramref name="Canceled"/>), or will again.</summary>
public sealed record SubscriptionCancelChanged(string SubscriptionId, bool Canceled, DateTimeOffset At) : SubscriptionEvent(At);

/// <summary>The subscription reached <paramref name="ExpiresAt"/> without a renewal: it ended (housekeeping asked), the user is told.</summary>
public sealed record SubscriptionExpired(string SubscriptionId, DateTimeOffset ExpiresAt, DateTimeOffset At) : SubscriptionEvent(At);

/// <summary>The notice that the subscription ended reached the chat (or never can: the user blocked the bot); until then it is sent again after a restart.</summary>
public sealed record SubscriptionEndTold(string SubscriptionId, DateTimeOffset At) : SubscriptionEvent(At);

/// <summary>
/// Telegram refunded a paid period (an admin's /refund, or its refunded_payment message): <paramref name="CreditsTaken"/>
/// went back off the balance (ledger id <c>refund:&lt;charge id&gt;</c>), <paramref name="Shortfall"/> had been spent already.
/// The subscription itself runs on: cancelling it is the user's (or Telegram's) decision.
/// </summary>
public sealed record SubscriptionChargeRefunded(string ChargeId, long CreditsTaken, long Shortfall, string Reason, string By, DateTimeOffset At) : SubscriptionEvent(At);

/// <summary>One paid period: what it granted, whether its thank-you reached the chat, and whether Telegram refunded it.</summary>
public sealed record SubscriptionCharge(string SubscriptionId, long Credits, long Stars, DateTimeOffset PaidAt, bool Thanked = false, bool Refunded = false);

/// <summary>The user's subscription: its id (first charge), the plan it was bought at, when the paid time ends, and how it stands.</summary>
public sealed record Subscription(string Id, long Credits, long Stars, DateTimeOffset StartedAt, DateTimeOffset ExpiresAt, bool Canceled, bool Ended, bool EndTold = false)
{
    public bool Active => !Ended;
}

/// <summary>How a subscription's successful_payment was taken.</summary>
public sealed record SubscriptionTakeResult(PaymentTaken Taken, IReadOnlyList<SubscriptionEvent> Events, IReadOnlyList<LedgerEvent> LedgerEvents, SubscriptionPaid? Paid);

/// <summary>
/// A user's Stars subscription as a pure event-sourced aggregate: each charge id grants its period's credits at most once,
/// whatever is redelivered or replayed; the first payment starts a subscription, each renewal moves its end; a cancellation
/// (or its undoing) is recorded only after Telegram confirmed it; a subscription not renewed by its end date ends once.
/// </summary>
public sealed record SubscriptionBook(ImmutableDictionary<string, SubscriptionCharge> Charges, Subscription? Current = null)
{
    public static SubscriptionBook Empty { get; } = new(ImmutableDictionary<string, SubscriptionCharge>.Empty.WithComparers(StringComparer.Ordinal));

    public bool HasPaid => !Charges.IsEmpty;

    /// <summary>The subscription running now (paid up, or cancelled but not yet at its end); null when there is none.</summary>
    public Subscription? Running => Current is { Active: true } current ? current : null;

    /// <summary>Paid periods whose thank-you has not reached the chat yet.</summary>
    public IEnumerable<string> Unthanked => Charges.Where(c => !c.Value.Thanked && !c.Value.Refunded).Select(c => c.Key).Order(StringComparer.Ordinal);

    /// <summary>The subscription that ended without its user hearing of it yet; null when there is none.</summary>
    public Subscription? EndUntold => Current is { Ended: true, EndTold: false } ended ? ended : null;

    /// <summary>Where a paid period stands for a refund (as a pack's: never below zero); null when the charge is not one of this book's.</summary>
    public RefundCheck? CheckRefund(string chargeId, CreditLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (!Charges.TryGetValue(chargeId, out var charge))
        {
            return null;
        }

        if (charge.Refunded)
        {
            return new(RefundStanding.AlreadyRefunded, charge.Credits, charge.Stars, 0, 0);
        }

        var takeable = Math.Clamp(ledger.Available, 0, charge.Credits);
        var shortfall = charge.Credits - takeable;
        return new(shortfall > 0 ? RefundStanding.ReadyWithShortfall : RefundStanding.Ready, charge.Credits, charge.Stars, takeable, shortfall);
    }

    /// <summary>Telegram refunded a paid period: its credits come back off the balance, as many as can be spent now. Null when the charge is not one of this book's.</summary>
    public (IReadOnlyList<SubscriptionEvent> Events, IReadOnlyList<LedgerEvent> LedgerEvents, RefundCheck Check)? RecordRefund(
        string chargeId, string reason, string by, CreditLedger ledger, DateTimeOffset now)
    {
        if (CheckRefund(chargeId, ledger) is not { } check)
        {
            return null;
        }

        if (check.Standing == RefundStanding.AlreadyRefunded)
        {
            return ([], [], check);
        }

        var debit = check.Takeable > 0 ? ledger.Debit(PaymentBook.RefundIdOf(chargeId), check.Takeable, "refund", now).Events : [];
        return ([new SubscriptionChargeRefunded(chargeId, check.Takeable, check.Shortfall, reason, by, now)], debit, check);
    }

    /// <summary>
    /// Takes a successful_payment whose payload names a plan (<see cref="SubscriptionPayload.Read"/>): grants the period's
    /// credits once per charge id. Null when the payment does not match what the payload says (currency or amount): it is
    /// then an unmatched payment, for the payment book to keep. <paramref name="paidBefore"/>: the user paid anything before.
    /// </summary>
    public SubscriptionTakeResult? Take(IncomingPayment payment, CreditLedger ledger, bool paidBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(ledger);
        var chargeId = payment.ChargeId ?? throw new ArgumentException("A successful payment carries its charge id.", nameof(payment));
        if (Charges.ContainsKey(chargeId))
        {
            return new(PaymentTaken.AlreadyTaken, [], [], null);
        }

        if (SubscriptionPayload.Read(payment.Payload) is not { } plan || payment.Currency != PreCheckoutVerdict.Stars || payment.TotalAmount != plan.Stars)
        {
            return null;
        }

        // A renewal continues the subscription, even one ended here meanwhile (Telegram charged it late: it lives again
        // under its first charge id, which editUserStarSubscription takes); a first payment, or a renewal of a subscription
        // this book never saw, starts one.
        var starts = payment.IsFirstRecurring || Current is null;
        var subscriptionId = starts ? chargeId : Current!.Id;
        var expiresAt = payment.SubscriptionExpiresAt ?? now + SubscriptionPlan.Period;
        var paid = new SubscriptionPaid(chargeId, subscriptionId, plan.Credits, plan.Stars, expiresAt, starts, IsFirstPaid: !paidBefore && !HasPaid, now);
        var grant = ledger.Grant(PaymentBook.GrantIdOf(chargeId), plan.Credits, "subscription", now);
        return new(PaymentTaken.Credited, [paid], grant.Events, paid);
    }

    /// <summary>
    /// The subscription <paramref name="subscriptionId"/> ends now if it is still running and its paid time is over
    /// (<paramref name="now"/> at or past its end date); nothing otherwise (renewed meanwhile, ended already, another one).
    /// </summary>
    public IReadOnlyList<SubscriptionEvent> ExpireIfDue(string subscriptionId, DateTimeOffset now) =>
        Running is { } running && running.Id == subscriptionId && now >= running.ExpiresAt
            ? [new SubscriptionExpired(running.Id, running.ExpiresAt, now)]
            : [];

    /// <summary>Telegram confirmed a cancellation or its undoing: recorded when it changes the running subscription.</summary>
    public IReadOnlyList<SubscriptionEvent> SetCanceled(string subscriptionId, bool canceled, DateTimeOffset now) =>
        Running is { } running && running.Id == subscriptionId && running.Canceled != canceled
            ? [new SubscriptionCancelChanged(subscriptionId, canceled, now)]
            : [];

    /// <summary>Folds one event; one that does not fit changes nothing.</summary>
    public SubscriptionBook Apply(SubscriptionEvent @event) => @event switch
    {
        SubscriptionPaid e when !Charges.ContainsKey(e.ChargeId) => this with
        {
            Charges = Charges.Add(e.ChargeId, new SubscriptionCharge(e.SubscriptionId, e.Credits, e.Stars, e.At)),
            Current = e.Starts || Current is null || Current.Id != e.SubscriptionId
                ? new Subscription(e.SubscriptionId, e.Credits, e.Stars, e.At, e.ExpiresAt, Canceled: false, Ended: false)
                : Current with
                {
                    Credits = e.Credits,
                    Stars = e.Stars,
                    ExpiresAt = e.ExpiresAt > Current.ExpiresAt ? e.ExpiresAt : Current.ExpiresAt,
                    Ended = false,
                    EndTold = false,
                },
        },
        SubscriptionThanked e when Charges.TryGetValue(e.ChargeId, out var charge) => this with { Charges = Charges.SetItem(e.ChargeId, charge with { Thanked = true }) },
        SubscriptionChargeRefunded e when Charges.TryGetValue(e.ChargeId, out var refunded) => this with { Charges = Charges.SetItem(e.ChargeId, refunded with { Refunded = true }) },
        SubscriptionCancelChanged e when Current?.Id == e.SubscriptionId => this with { Current = Current with { Canceled = e.Canceled } },
        SubscriptionExpired e when Current?.Id == e.SubscriptionId && Current.ExpiresAt <= e.ExpiresAt => this with { Current = Current with { Ended = true, EndTold = false } },
        SubscriptionEndTold e when Current is { Ended: true } && Current.Id == e.SubscriptionId => this with { Current = Current with { EndTold = true } },
        _ => this,
    };
}
