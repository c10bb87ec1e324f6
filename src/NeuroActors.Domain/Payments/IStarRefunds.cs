namespace NeuroActors.Domain.Payments;

/// <summary>How Telegram answered refundStarPayment.</summary>
public enum StarRefundResult
{
    Refunded,

    /// <summary>CHARGE_ALREADY_REFUNDED: refunded before (by an earlier try whose answer was lost, or elsewhere).</summary>
    AlreadyRefunded,

    /// <summary>CHARGE_NOT_FOUND, or a charge of another user.</summary>
    NotFound,

    /// <summary>Any other failure; nothing is known to have changed.</summary>
    Failed,
}

/// <summary>The Bot API's refundStarPayment, as the admin actor needs it (the Telegram adapter implements it).</summary>
public interface IStarRefunds
{
    /// <summary>Never throws for Telegram's answers; <paramref name="userId"/> is the payer.</summary>
    Task<(StarRefundResult Result, string? Error)> RefundAsync(long userId, string chargeId, CancellationToken cancel);
}
