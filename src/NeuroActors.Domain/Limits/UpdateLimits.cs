using NeuroActors.Domain.Telegram;

namespace NeuroActors.Domain.Limits;

/// <summary>Which updates count against a user's <c>Limits:UpdatesPerMinute</c>.</summary>
public static class UpdateLimits
{
    /// <summary>
    /// False for what must never be dropped or is no user's flood: an admin's updates (their commands above all), and
    /// a block or unblock (Telegram's own notice). Payments and pre-checkout queries are never dropped either.
    /// </summary>
    public static bool Counts(IncomingUpdate update, IReadOnlySet<long> adminIds)
    {
        ArgumentNullException.ThrowIfNull(update);
        return !adminIds.Contains(update.UserId)
               && update.Kind is not (UpdateKind.BotBlocked or UpdateKind.BotUnblocked or UpdateKind.PreCheckoutQuery or UpdateKind.SuccessfulPayment or UpdateKind.RefundedPayment);
    }
}
