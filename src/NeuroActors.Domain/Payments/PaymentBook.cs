using System.Collections.Immutable;
using NeuroActors.Domain.Credits;

namespace NeuroActors.Domain.Payments;

/// <summary>
/// A pack paid for: what it granted, whether its thank-you reached the chat, and whether Telegram refunded it. An
/// <paramref name="Unmatched"/> charge is a Stars payment whose payload named no pack: it granted nothing, but its stars can
/// be refunded as any other's.
/// </summary>
public sealed record PaidCharge(long Credits, long Stars, DateTimeOffset PaidAt, bool Refunded = false, bool Thanked = false, bool Unmatched = false);

/// <summary>How a successful_payment was taken.</summary>
public enum PaymentTaken
{
    /// <summary>First time this charge id is seen: the pack is credited now.</summary>
    Credited,

    /// <summary>The charge was taken before (a redelivery, or the same payment in a new update): nothing changes.</summary>
    AlreadyTaken,

    /// <summary>The payload names no pack the bot sells: recorded, nothing credited, admins to be alerted.</summary>
    Unmatched,
}

/// <summary>The events of taking one payment (written in one write with the update's id) and what it was.</summary>
public sealed record PaymentTakeResult(PaymentTaken Taken, IReadOnlyList<PaymentEvent> Events, IReadOnlyList<LedgerEvent> LedgerEvents, PaidCharge? Charge);

/// <summary>Where a charge stands for a refund.</summary>
public enum RefundStanding
{
    /// <summary>This user never paid this charge in Stars.</summary>
    Unknown,

    AlreadyRefunded,

    /// <summary>Refundable; the credits can all be taken back.</summary>
    Ready,

    /// <summary>Refundable, but some of the pack's credits were spent: only part can be taken back.</summary>
    ReadyWithShortfall,
}

/// <summary>A refund check: the pack's credits, what can be taken back now (never below zero) and what is missing.</summary>
public sealed record RefundCheck(RefundStanding Standing, long Credits, long Stars, long Takeable, long Shortfall);

/// <summary>
/// A user's payments as a pure event-sourced aggregate: each charge id is credited at most once, whatever is redelivered,
/// repeated in a new update or replayed after a crash; refunds take back at most the pack's credits and never more than
/// the user can spend (the balance never goes below zero). Unmatched payments are remembered so they are reported once.
/// </summary>
public sealed record PaymentBook(
    ImmutableDictionary<string, PaidCharge> Charges,
    ImmutableHashSet<string> Unmatched,
    DateTimeOffset? TermsAcceptedAt = null)
{
    public static PaymentBook Empty { get; } = new(
        ImmutableDictionary<string, PaidCharge>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public static string GrantIdOf(string chargeId) => "pay:" + chargeId;

    public static string RefundIdOf(string chargeId) => "refund:" + chargeId;

    public bool TermsAccepted => TermsAcceptedAt is not null;

    /// <summary>A pack was credited (an unmatched payment bought nothing: it does not count as the first paid top-up).</summary>
    public bool HasPaid => Charges.Values.Any(c => !c.Unmatched);

    /// <summary>Paid packs whose thank-you has not reached the chat yet (a crash came between the payment and the message).</summary>
    public IEnumerable<string> Unthanked => Charges.Where(c => !c.Value.Thanked && !c.Value.Refunded).Select(c => c.Key).Order(StringComparer.Ordinal);

    public bool Knows(string chargeId) => Charges.ContainsKey(chargeId) || Unmatched.Contains(chargeId);

    /// <summary>Takes a successful_payment: credits its pack once per charge id; a payload the bot never wrote is kept as unmatched.</summary>
    public PaymentTakeResult Take(IncomingPayment payment, CreditLedger ledger, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(ledger);
        var chargeId = payment.ChargeId ?? throw new ArgumentException("A successful payment carries its charge id.", nameof(payment));
        if (Charges.TryGetValue(chargeId, out var known))
        {
            return new(PaymentTaken.AlreadyTaken, [], [], known);
        }

        if (Unmatched.Contains(chargeId))
        {
            return new(PaymentTaken.AlreadyTaken, [], [], null);
        }

        var pack = InvoicePayload.ReadTopUp(payment.Payload);
        if (pack is null || payment.Currency != PreCheckoutVerdict.Stars || payment.TotalAmount != pack.Stars)
        {
            return new(PaymentTaken.Unmatched, [new PaymentUnmatched(chargeId, payment.Currency, payment.TotalAmount, payment.Payload, now)], [], null);
        }

        var grant = ledger.Grant(GrantIdOf(chargeId), pack.Credits, "top-up", now);
        var paid = new TopUpPaid(chargeId, pack.Credits, pack.Stars, IsFirstPaidTopUp: !HasPaid, now);
        return new(PaymentTaken.Credited, [paid], grant.Events, new PaidCharge(pack.Credits, pack.Stars, now));
    }

    /// <summary>Whether a charge can be refunded, and how much of its pack can be taken back now.</summary>
    public RefundCheck CheckRefund(string chargeId, CreditLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (!Charges.TryGetValue(chargeId, out var charge))
        {
            return new(RefundStanding.Unknown, 0, 0, 0, 0);
        }

        if (charge.Refunded)
        {
            return new(RefundStanding.AlreadyRefunded, charge.Credits, charge.Stars, 0, 0);
        }

        var takeable = Math.Clamp(ledger.Available, 0, charge.Credits);
        var shortfall = charge.Credits - takeable;
        return new(shortfall > 0 ? RefundStanding.ReadyWithShortfall : RefundStanding.Ready, charge.Credits, charge.Stars, takeable, shortfall);
    }

    /// <summary>
    /// Telegram refunded the charge: the pack's credits come back off the balance, as many as can be spent now (never below
    /// zero). Nothing for an unknown or already refunded charge.
    /// </summary>
    public (IReadOnlyList<PaymentEvent> Events, IReadOnlyList<LedgerEvent> LedgerEvents, RefundCheck Check) RecordRefund(
        string chargeId, string reason, string by, CreditLedger ledger, DateTimeOffset now)
    {
        var check = CheckRefund(chargeId, ledger);
        if (check.Standing is RefundStanding.Unknown or RefundStanding.AlreadyRefunded)
        {
            return ([], [], check);
        }

        var debit = check.Takeable > 0 ? ledger.Debit(RefundIdOf(chargeId), check.Takeable, "refund", now).Events : [];
        return ([new PaymentRefunded(chargeId, check.Takeable, check.Shortfall, reason, by, now)], debit, check);
    }

    /// <summary>Folds one event; one that does not fit changes nothing.</summary>
    public PaymentBook Apply(PaymentEvent @event) => @event switch
    {
        TopUpPaid e when !Charges.ContainsKey(e.ChargeId) => this with { Charges = Charges.Add(e.ChargeId, new PaidCharge(e.PackCredits, e.Stars, e.At)) },
        PaymentUnmatched e => this with
        {
            Unmatched = Unmatched.Add(e.ChargeId),
            Charges = e.Currency == PreCheckoutVerdict.Stars && !Charges.ContainsKey(e.ChargeId)
                ? Charges.Add(e.ChargeId, new PaidCharge(0, e.TotalAmount, e.At, Thanked: true, Unmatched: true))
                : Charges,
        },
        PaymentRefunded e when Charges.TryGetValue(e.ChargeId, out var charge) => this with { Charges = Charges.SetItem(e.ChargeId, charge with { Refunded = true }) },
        PaymentThanked e when Charges.TryGetValue(e.ChargeId, out var thanked) => this with { Charges = Charges.SetItem(e.ChargeId, thanked with { Thanked = true }) },
        TermsAccepted e when TermsAcceptedAt is null => this with { TermsAcceptedAt = e.At },
        _ => this,
    };
}
