using System.Net.Http;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace NeuroActors.Telegram.Observability;

/// <summary>One probe of the Bot API for /health: getMe.</summary>
public sealed class TelegramReachability(ITelegramBotClient bot)
{
    /// <summary>
    /// Ok with the bot's username, or what went wrong. Built from error codes and types only: an exception's message can
    /// carry the request URL, and the URL carries the bot token.
    /// </summary>
    public async Task<(bool Ok, string Detail)> CheckAsync(CancellationToken cancel)
    {
        try
        {
            var me = await bot.GetMe(cancel);
            return (true, "@" + me.Username);
        }
        catch (ApiRequestException e)
        {
            return (false, $"Bot API answered {e.ErrorCode}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            var cause = e.GetBaseException();
            return (false, cause is HttpRequestException http ? $"no answer ({http.HttpRequestError})" : $"no answer ({cause.GetType().Name})");
        }
    }
}
