using NeuroActors.Domain.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace NeuroActors.Telegram;

/// <summary>
/// getUpdates for the poller. Calling it with an offset confirms every update below that offset to Telegram.
/// Updates the bot ignores come back with a null update, so the poller still moves past them.
/// </summary>
public sealed class TelegramUpdateSource(ITelegramBotClient bot) : IUpdateSource
{
    /// <summary>The update types the bot asks for, in polling and webhook mode alike.</summary>
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember, UpdateType.PreCheckoutQuery];

    public async Task<IReadOnlyList<(long UpdateId, IncomingUpdate? Update)>> FetchAsync(long offset, TimeSpan longPoll, CancellationToken cancel)
    {
        var updates = await bot.GetUpdates(
            offset: offset > 0 ? checked((int)offset) : null,
            limit: 100,
            timeout: (int)Math.Clamp(longPoll.TotalSeconds, 0, 50),
            allowedUpdates: AllowedUpdates,
            cancellationToken: cancel);
        return updates.Select(u => ((long)u.Id, UpdateMapper.Map(u))).ToList();
    }
}
