using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Actors.Users;

/// <summary>
/// A payment event of the user (a paid pack, an unmatched payment, a refund, the terms accepted). Growth features hang on
/// <see cref="TopUpPaid.IsFirstPaidTopUp"/>: a <c>PaymentRecorded { Event: TopUpPaid { IsFirstPaidTopUp: true } }</c> is
/// written once per user, with the pack's ledger grant, in the same write as the update that paid.
/// </summary>
[Manifest("user-payment.v1")]
public sealed record PaymentRecorded(PaymentEvent Event) : IUserEvent;

/// <summary>Where a Stars charge of this user stands for a refund (an admin's /refund asks before calling Telegram). Answered with <see cref="StarRefundCheckReply"/>.</summary>
[Manifest("user-check-star-refund.v1")]
public sealed record CheckStarRefund(long UserId, string ChargeId) : IUserCommand;

[Manifest("user-star-refund-check-reply.v1")]
public sealed record StarRefundCheckReply(string ChargeId, RefundCheck Check) : INeuroMessage;

/// <summary>
/// Telegram refunded the charge: take the pack's credits back (never below zero) and tell the user. Idempotent by the charge
/// id; answered with <see cref="StarRefundRecordedReply"/> (<c>Changed</c> false when it was recorded before or is unknown).
/// </summary>
[Manifest("user-record-star-refund.v1")]
public sealed record RecordStarRefund(long UserId, string ChargeId, string Reason, string By) : IUserCommand;

[Manifest("user-star-refund-recorded-reply.v1")]
public sealed record StarRefundRecordedReply(string ChargeId, bool Changed, RefundCheck Check, long CreditsTaken, long Balance) : INeuroMessage;
