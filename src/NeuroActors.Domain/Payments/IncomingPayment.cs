namespace NeuroActors.Domain.Payments;

/// <summary>
/// What a payment update says: a pre_checkout_query (<see cref="PreCheckoutQueryId"/>), a successful_payment or a
/// refunded_payment (<see cref="ChargeId"/>, Telegram's telegram_payment_charge_id: the payment's idempotency key). A
/// subscription's payments say <see cref="IsRecurring"/>, the first one also <see cref="IsFirstRecurring"/>.
/// </summary>
public sealed record IncomingPayment(
    string Currency,
    long TotalAmount,
    string Payload,
    string? ChargeId = null,
    string? PreCheckoutQueryId = null,
    bool IsRecurring = false,
    DateTimeOffset? SubscriptionExpiresAt = null,
    bool IsFirstRecurring = false);
