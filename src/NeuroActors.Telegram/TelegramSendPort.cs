using NeuroActors.Domain.Telegram;

namespace NeuroActors.Telegram;

/// <summary>The outbox's way to Telegram: the Bot API through <see cref="TelegramSender"/>.</summary>
public sealed class TelegramSendPort(TelegramSender sender) : ITelegramSendPort
{
    public Task<SendOutcome> SendAsync(long chatId, OutboundMessage message, CancellationToken cancel) => sender.SendAsync(chatId, message, cancel);
}
