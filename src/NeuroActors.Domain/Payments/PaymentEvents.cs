using System.Text.Json.Serialization;

namespace NeuroActors.Domain.Payments;

/// <summary>Events of a user's payments; the user's <see cref="PaymentBook"/> is the fold of them.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(TopUpPaid), "top-up-paid")]
[JsonDerivedType(typeof(PaymentUnmatched), "payment-unmatched")]
[JsonDerivedType(typeof(PaymentRefunded), "payment-refunded")]
[JsonDerivedType(typeof(TermsAccepted), "terms-accepted")]
[JsonDerivedType(typeof(PaymentThanked), "payment-thanked")]
public abstract record PaymentEvent(DateTimeOffset At);

/// <summary>
/// A pack was paid for in Stars (successful_payment), written once per <paramref name="ChargeId"/> with the ledger's grant
/// of <paramref name="PackCredits"/> (grant id <c>pay:&lt;charge id&gt;</c>) in the same write.
/// <paramref name="IsFirstPaidTopUp"/> is true for the user's first paid top-up ever (a referral's bonus hangs on it).
/// </summary>
public sealed record TopUpPaid(string ChargeId, long PackCredits, long Stars, bool IsFirstPaidTopUp, DateTimeOffset At) : PaymentEvent(At);

/// <summary>A successful_payment the bot cannot match to a pack (its payload is nothing the bot wrote): kept, credited nothing, admins alerted.</summary>
public sealed record PaymentUnmatched(string ChargeId, string Currency, long TotalAmount, string Payload, DateTimeOffset At) : PaymentEvent(At);

/// <summary>
/// Telegram refunded a charge (an admin's /refund, or its refunded_payment message): <paramref name="CreditsTaken"/> went
/// back off the balance (grant id <c>refund:&lt;charge id&gt;</c>), <paramref name="Shortfall"/> of the pack had been spent already.
/// </summary>
public sealed record PaymentRefunded(string ChargeId, long CreditsTaken, long Shortfall, string Reason, string By, DateTimeOffset At) : PaymentEvent(At);

/// <summary>The thank-you for a paid pack reached the chat (until then it is sent again after a restart).</summary>
public sealed record PaymentThanked(string ChargeId, DateTimeOffset At) : PaymentEvent(At);

/// <summary>The user agreed to the terms (asked once, before the first order).</summary>
public sealed record TermsAccepted(DateTimeOffset At) : PaymentEvent(At);
