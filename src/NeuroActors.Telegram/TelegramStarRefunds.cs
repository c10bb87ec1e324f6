using NeuroActors.Domain.Payments;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace NeuroActors.Telegram;

/// <summary>refundStarPayment through the Bot API; Telegram's errors are classified by their description, never thrown.</summary>
public sealed class TelegramStarRefunds(ITelegramBotClient bot) : IStarRefunds
{
    public async Task<(StarRefundResult Result, string? Error)> RefundAsync(long userId, string chargeId, CancellationToken cancel)
    {
        try
        {
            await bot.RefundStarPayment(userId, chargeId, cancel);
            return (StarRefundResult.Refunded, null);
        }
        catch (ApiRequestException e) when (e.Message.Contains("CHARGE_ALREADY_REFUNDED", StringComparison.OrdinalIgnoreCase))
        {
            return (StarRefundResult.AlreadyRefunded, null);
        }
        catch (ApiRequestException e) when (e.Message.Contains("CHARGE_NOT_FOUND", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("CHARGE_ID_INVALID", StringComparison.OrdinalIgnoreCase))
        {
            return (StarRefundResult.NotFound, e.Message);
        }
        catch (ApiRequestException e)
        {
            return (StarRefundResult.Failed, $"{e.ErrorCode} {e.Message}");
        }
        catch (RequestException)
        {
            // Its text can carry the request URL, and the URL carries the token: say only what kind of failure it was.
            return (StarRefundResult.Failed, "network error");
        }
        catch (HttpRequestException)
        {
            return (StarRefundResult.Failed, "network error");
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            return (StarRefundResult.Failed, "timeout");
        }
    }
}
