using Microsoft.Extensions.Logging;
using NeuroActors.Domain.Payments;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Payments;

namespace NeuroActors.Telegram;

/// <summary>
/// createInvoiceLink (a 30-day Stars subscription) and editUserStarSubscription through the Bot API. Failures are logged
/// by code and kind only (an HTTP error's text can carry the request URL, and the URL carries the token), never thrown.
/// </summary>
public sealed class TelegramStarSubscriptions(ITelegramBotClient bot, ILogger<TelegramStarSubscriptions> log) : IStarSubscriptions
{
    public async Task<string?> CreateLinkAsync(SubscriptionInvoice invoice, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        try
        {
            return await bot.CreateInvoiceLink(invoice.Title, invoice.Description, invoice.Payload, PreCheckoutVerdict.Stars,
                [new LabeledPrice(invoice.Label, invoice.Stars)], subscriptionPeriod: invoice.PeriodSeconds, cancellationToken: cancel);
        }
        catch (ApiRequestException e)
        {
            log.LogWarning("createInvoiceLink refused: {ErrorCode} {Description}", e.ErrorCode, e.Message);
            return null;
        }
        catch (Exception e) when (e is RequestException or HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            log.LogWarning("createInvoiceLink failed: {Kind}", e.GetType().Name);
            return null;
        }
    }

    public async Task<bool> SetCanceledAsync(long userId, string subscriptionId, bool canceled, CancellationToken cancel)
    {
        try
        {
            await bot.EditUserStarSubscription(userId, subscriptionId, canceled, cancel);
            return true;
        }
        catch (ApiRequestException e)
        {
            log.LogWarning("editUserStarSubscription for user {UserId} refused: {ErrorCode} {Description}", userId, e.ErrorCode, e.Message);
            return false;
        }
        catch (Exception e) when (e is RequestException or HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            log.LogWarning("editUserStarSubscription for user {UserId} failed: {Kind}", userId, e.GetType().Name);
            return false;
        }
    }
}
